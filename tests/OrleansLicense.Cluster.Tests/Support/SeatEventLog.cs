using System.Text.Json;
using Npgsql;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>Reads a feature's seat events straight from PostgreSQL and replays the count of used seats.</summary>
internal static class SeatEventLog
{
    /// <summary>
    /// The most seats in use at once over the stored events, replaying grants and releases in sequence order, the count
    /// after the last event, and how many events the pool ever appended (its last sequence number).
    /// </summary>
    /// <remarks>
    /// A pool trims events its snapshot and the daily peaks are past (#12 storage growth), so the kept events may start
    /// after 1: the replay is then anchored on the stored snapshot's count, back to the first kept event and forward
    /// to the last. What was trimmed is checked by the tests' live counter only.
    /// </remarks>
    public static async Task<(int MaxUsed, int FinalUsed, long Events)> ReplayAsync(string connectionString, string licenseId, string feature, CancellationToken cancellationToken)
    {
        var grain = $"feature/{licenseId}/{feature}";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // One snapshot of the database for the events and the pool's snapshot, whatever the pool appends meanwhile.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var deltas = await ReadDeltasAsync(connection, grain, cancellationToken);
        if (deltas.Count == 0)
        {
            return (0, 0, 0);
        }

        // The count before the first kept event: 0 when nothing was trimmed, else the snapshot's count less the kept
        // events up to the snapshot.
        var used = 0;
        if (deltas[0].Sequence > 1)
        {
            var (version, snapshotUsed) = await ReadSnapshotAsync(connection, grain, cancellationToken)
                ?? throw new InvalidOperationException($"The log of {grain} starts at event {deltas[0].Sequence} but no snapshot is stored.");
            used = snapshotUsed - deltas.Where(d => d.Sequence <= version).Sum(d => d.Delta);
        }

        var max = used;
        foreach (var (_, delta) in deltas)
        {
            used += delta;
            max = Math.Max(max, used);
        }

        return (max, used, deltas[^1].Sequence);
    }

    private static async Task<List<(long Sequence, int Delta)>> ReadDeltasAsync(NpgsqlConnection connection, string grain, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT seq, json FROM olic_event_log WHERE log_name = 'seats' AND grain_id = @g ORDER BY seq", connection);
        command.Parameters.AddWithValue("g", grain);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deltas = new List<(long, int)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(1));
            var root = document.RootElement;
            deltas.Add((reader.GetInt64(0), root.GetProperty("$e").GetString() switch
            {
                "granted" => root.GetProperty("count").GetInt32(),
                "released" => -root.GetProperty("count").GetInt32(),
                _ => 0,
            }));
        }

        return deltas;
    }

    private static async Task<(long Version, int Used)?> ReadSnapshotAsync(NpgsqlConnection connection, string grain, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, json FROM olic_event_snapshot WHERE log_name = 'seats' AND grain_id = @g", connection);
        command.Parameters.AddWithValue("g", grain);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        using var document = JsonDocument.Parse(reader.GetString(1));
        return (reader.GetInt64(0), document.RootElement.GetProperty("used").GetInt32());
    }
}
