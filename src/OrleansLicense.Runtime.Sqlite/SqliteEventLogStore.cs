using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Event logs in <c>event_log</c> (primary key log, grain, seq) and snapshots in <c>snapshot</c>.</summary>
internal sealed class SqliteEventLogStore(SqliteDatabase database) : IEventLogStore
{
    // SQLite's extended result code for a PRIMARY KEY violation.
    private const int ConstraintPrimaryKey = 1555;

    public Task<long> AppendAsync(string logName, GrainId grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Json, nameof(events));
        }

        var grain = grainId.ToString();

        // Appends of many logs (several hot features) share commits with each other and with state writes.
        return database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                // The length check catches an append that would leave a gap (expected beyond the end);
                // the primary key catches one that would overwrite.
                var length = await ReadLengthAsync(transaction, logName, grain, ct).ConfigureAwait(false);
                if (length != expectedVersion)
                {
                    throw Conflict(logName, grainId, expectedVersion, length);
                }

                // One kept statement re-bound per event: this is the group-commit path, where a
                // batch of events from many calls shares one transaction and one fsync.
                var insert = database.Prepared(transaction, "INSERT INTO event_log (log_name, grain_id, seq, json, recorded_at) VALUES ($log, $grain, $seq, $json, $at);");
                insert.Parameters.AddWithValue("$log", logName);
                insert.Parameters.AddWithValue("$grain", grain);
                var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
                var json = insert.Parameters.Add("$json", SqliteType.Text);
                var at = insert.Parameters.Add("$at", SqliteType.Integer);
                try
                {
                    for (var i = 0; i < events.Count; i++)
                    {
                        seq.Value = expectedVersion + i + 1;
                        json.Value = events[i].Json;
                        at.Value = SqliteTime.ToUnixMs(events[i].RecordedAt);
                        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ConstraintPrimaryKey)
                {
                    throw Conflict(logName, grainId, expectedVersion, await ReadLengthAsync(transaction, logName, grain, ct).ConfigureAwait(false));
                }

                // The coalescer commits the batch this append belongs to.
                return expectedVersion + events.Count;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, GrainId grainId, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        using var connection = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.Command("""
            SELECT seq, json, recorded_at FROM event_log
            WHERE log_name = $log AND grain_id = $grain AND seq > $after
            ORDER BY seq
            LIMIT $max;
            """)
            .With("$log", logName)
            .With("$grain", grainId.ToString())
            .With("$after", afterSequence)
            .With("$max", maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), SqliteTime.FromUnixMs(reader.GetInt64(2))));
        }

        return result;
    }

    public Task WriteSnapshotAsync(string logName, GrainId grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(snapshot.Json, nameof(snapshot));
        var grain = grainId.ToString();
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                // The WHERE on the upsert makes an older snapshot (a slow writer) a no-op instead of a regression.
                await using var command = transaction.CreateCommand("""
                    INSERT INTO snapshot (log_name, grain_id, version, json) VALUES ($log, $grain, $version, $json)
                    ON CONFLICT (log_name, grain_id) DO UPDATE SET version = excluded.version, json = excluded.json
                    WHERE excluded.version >= snapshot.version;
                    """)
                    .With("$log", logName)
                    .With("$grain", grain)
                    .With("$version", snapshot.Version)
                    .With("$json", snapshot.Json);
                var changed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
                return changed;
            },
            cancellationToken);
    }

    public async Task<StoredSnapshot?> ReadSnapshotAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        using var connection = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.Command("SELECT version, json FROM snapshot WHERE log_name = $log AND grain_id = $grain;")
            .With("$log", logName)
            .With("$grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredSnapshot(reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    private async Task<long> ReadLengthAsync(SqliteTransaction transaction, string logName, string grain, CancellationToken cancellationToken)
    {
        // MAX over the primary key is one b-tree descent; the log is gap-free from 1, so MAX is the length.
        var command = database.Prepared(transaction, "SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE log_name = $log AND grain_id = $grain;")
            .With("$log", logName)
            .With("$grain", grain);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static InconsistentStateException Conflict(string logName, GrainId grainId, long expected, long stored) =>
        new($"Event log '{logName}' of grain {grainId} was expected at length {expected} but has {stored} events; nothing was appended.", expected, stored);
}
