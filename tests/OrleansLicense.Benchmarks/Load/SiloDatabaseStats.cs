using Microsoft.Data.Sqlite;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// What the silo wrote to its SQLite file: seat events (group-committed: every event of one flush
/// carries the same timestamp, so distinct milliseconds bound the number of flushes from below)
/// and the largest seat pool snapshot (the whole pool with every holder, rewritten every snapshot
/// interval of events). Also what stays stored: session rows (an ended session keeps its row until the
/// retention sweep), the seat events kept of all ever appended (pools trim behind their snapshot and the
/// daily peaks), and the file's size with its write-ahead log.
/// </summary>
internal sealed record SiloDatabaseStats(long SeatEvents, long SeatEventsAppended, long SeatFlushesAtLeast, long LargestSeatSnapshotBytes, long SessionRows, long EndedSessionRows, long FileBytes)
{
    public static async Task<SiloDatabaseStats> ReadAsync(string dataFolder, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "olic.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var events = connection.CreateCommand();
        events.CommandText = "SELECT COUNT(*), COUNT(DISTINCT grain_id || ':' || recorded_at) FROM event_log WHERE log_name = 'seats';";
        await using var reader = await events.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (seatEvents, flushes) = (reader.GetInt64(0), reader.GetInt64(1));
        await using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'session';";
        var sessionRows = (long)(await rows.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        await using var ended = connection.CreateCommand();
        ended.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'session' AND forget_after IS NOT NULL;";
        var endedRows = (long)(await ended.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        await using var appended = connection.CreateCommand();

        // A log is gap-free from 1 and keeps its last event, so its highest sequence is how many it ever appended.
        appended.CommandText = "SELECT COALESCE(SUM(last), 0) FROM (SELECT MAX(seq) AS last FROM event_log WHERE log_name = 'seats' GROUP BY grain_id);";
        var seatEventsAppended = (long)(await appended.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        await using var snapshots = connection.CreateCommand();
        snapshots.CommandText = "SELECT COALESCE(MAX(length(json)), 0) FROM snapshot WHERE log_name = 'seats';";
        var snapshot = (long)(await snapshots.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        var fileBytes = new[] { "olic.db", "olic.db-wal" }
            .Select(name => new FileInfo(Path.Combine(dataFolder, name)))
            .Sum(file => file.Exists ? file.Length : 0);
        return new SiloDatabaseStats(seatEvents, seatEventsAppended, flushes, snapshot, sessionRows, endedRows, fileBytes);
    }
}
