using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;
using OrleansLicense.Storage.EventLogs;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.EventLogs;

/// <summary>
/// Event logs in <c>event_log</c> (primary key log, grain, seq) and snapshots in <c>snapshot</c>.
/// Appends and snapshots share the group commit of the grain states: the appends of several hot
/// seat pools and the session writes of the same moment cost one fsync.
/// </summary>
internal sealed class SqliteEventLogStore(SqliteDatabase database) : IEventLogStore
{
    /// <summary>The most events one trim statement deletes.</summary>
    internal const int TrimChunk = 5000;

    // SQLite's extended result code for a PRIMARY KEY violation.
    private const int ConstraintPrimaryKey = 1555;

    /// <inheritdoc />
    public Task<long> AppendAsync(string logName, string grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            ArgumentNullException.ThrowIfNull(e.Json, nameof(events));
        }

        return database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                // The length check catches an append that would leave a gap (expected beyond the end);
                // the primary key catches one that would overwrite.
                var length = await ReadLengthAsync(transaction, logName, grainId, ct).ConfigureAwait(false);
                if (length != expectedVersion)
                {
                    throw Conflict(logName, grainId, expectedVersion, length);
                }

                // One kept statement re-bound per event: a batch of events from many calls shares one
                // transaction and one fsync.
                var insert = database.Prepared(transaction, "INSERT INTO event_log (log_name, grain_id, seq, json, recorded_at) VALUES ($log, $grain, $seq, $json, $at);");
                insert.Parameters.AddWithValue("$log", logName);
                insert.Parameters.AddWithValue("$grain", grainId);
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
                    throw Conflict(logName, grainId, expectedVersion, await ReadLengthAsync(transaction, logName, grainId, ct).ConfigureAwait(false));
                }

                // The coalescer commits the batch this append belongs to (its savepoint undoes a failure).
                return expectedVersion + events.Count;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, string grainId, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
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
            .With("$grain", grainId)
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

    /// <inheritdoc />
    public Task WriteSnapshotAsync(string logName, string grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(snapshot.Json, nameof(snapshot));
        return database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                // The WHERE on the upsert makes an older snapshot (a slow writer) a no-op instead of a regression.
                var command = database.Prepared(transaction, """
                    INSERT INTO snapshot (log_name, grain_id, version, json) VALUES ($log, $grain, $version, $json)
                    ON CONFLICT (log_name, grain_id) DO UPDATE SET version = excluded.version, json = excluded.json
                    WHERE excluded.version >= snapshot.version;
                    """)
                    .With("$log", logName)
                    .With("$grain", grainId)
                    .With("$version", snapshot.Version)
                    .With("$json", snapshot.Json);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken,
            singleStatement: true);
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot?> ReadSnapshotAsync(string logName, string grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        using var connection = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.Command("SELECT version, json FROM snapshot WHERE log_name = $log AND grain_id = $grain;")
            .With("$log", logName)
            .With("$grain", grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredSnapshot(reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    /// <inheritdoc />
    public async Task<int> TrimAsync(string logName, string grainId, long throughSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);

        // In chunks, each its own write: a long backlog (the first trim after an upgrade) never holds the one
        // writer, and so every login's commit, for long.
        var total = 0;
        while (true)
        {
            var deleted = await database.Coalescer.WriteAsync(
                async (transaction, ct) =>
                {
                    // The last event stays: MAX(seq) is the length the next append is fenced on.
                    var command = database.Prepared(transaction, """
                        DELETE FROM event_log WHERE rowid IN (
                            SELECT rowid FROM event_log
                            WHERE log_name = $log AND grain_id = $grain AND seq <= $through
                              AND seq < (SELECT MAX(seq) FROM event_log WHERE log_name = $log AND grain_id = $grain)
                            ORDER BY seq LIMIT $chunk);
                        """)
                        .With("$log", logName)
                        .With("$grain", grainId)
                        .With("$through", throughSequence)
                        .With("$chunk", TrimChunk);
                    return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                },
                cancellationToken,
                singleStatement: true).ConfigureAwait(false);
            total += deleted;
            if (deleted < TrimChunk)
            {
                return total;
            }
        }
    }

    private async Task<long> ReadLengthAsync(SqliteTransaction transaction, string logName, string grainId, CancellationToken cancellationToken)
    {
        // MAX over the primary key is one b-tree descent; the log is gap-free from 1, so MAX is the length.
        var command = database.Prepared(transaction, "SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE log_name = $log AND grain_id = $grain;")
            .With("$log", logName)
            .With("$grain", grainId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static InconsistentStateException Conflict(string logName, string grainId, long expected, long stored) =>
        new(
            $"Event log '{logName}' of grain {grainId} was expected at length {expected} but has {stored} events; nothing was appended.",
            stored.ToString(CultureInfo.InvariantCulture),
            expected.ToString(CultureInfo.InvariantCulture));
}
