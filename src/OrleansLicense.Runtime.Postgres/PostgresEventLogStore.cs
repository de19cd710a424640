using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Event logs in <c>event_log</c> (primary key log, grain, seq) and snapshots in <c>snapshot</c>.</summary>
internal sealed class PostgresEventLogStore : IEventLogStore
{
    private readonly PostgresDatabase _database;
    private readonly ILogger<PostgresEventLogStore> _logger;
    private readonly string _append;
    private readonly string _length;
    private readonly string _read;
    private readonly string _writeSnapshot;
    private readonly string _readSnapshot;

    public PostgresEventLogStore(PostgresDatabase database, ILogger<PostgresEventLogStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        _database = database;
        _logger = logger;
        var log = database.Table("event_log");
        var snapshot = database.Table("snapshot");

        // All events of one call in one statement (so one transaction): the arrays are unnested into
        // rows numbered expected+1, expected+2, ... The WHERE checks the length first, so an append
        // ahead of the log (which the key alone would let through, leaving a gap) inserts nothing;
        // the primary key is the final fence against a concurrent appender that passed the same
        // check: the later one waits on the key, then fails with unique_violation as a whole.
        _append = $"""
            INSERT INTO {log} (log_name, grain_id, seq, json, recorded_at)
            SELECT @log, @grain, @expected + e.ord, e.json, e.recorded_at
            FROM unnest(@jsons, @times) WITH ORDINALITY AS e (json, recorded_at, ord)
            WHERE (SELECT COALESCE(MAX(seq), 0) FROM {log} WHERE log_name = @log AND grain_id = @grain) = @expected;
            """;

        // MAX over the primary key is one index descent; the log is gap-free from 1, so MAX is the length.
        _length = $"SELECT COALESCE(MAX(seq), 0) FROM {log} WHERE log_name = @log AND grain_id = @grain;";
        _read = $"""
            SELECT seq, json, recorded_at FROM {log}
            WHERE log_name = @log AND grain_id = @grain AND seq > @after
            ORDER BY seq
            LIMIT @max;
            """;

        // The WHERE on the upsert makes an older snapshot (a slow writer) a no-op instead of a
        // regression; an equal version replaces, as a rewrite of the same fold.
        _writeSnapshot = $"""
            INSERT INTO {snapshot} AS s (log_name, grain_id, version, json) VALUES (@log, @grain, @version, @json)
            ON CONFLICT (log_name, grain_id) DO UPDATE SET version = excluded.version, json = excluded.json
            WHERE excluded.version >= s.version;
            """;
        _readSnapshot = $"SELECT version, json FROM {snapshot} WHERE log_name = @log AND grain_id = @grain;";
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string logName, GrainId grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var jsons = new string[events.Count];
        var times = new DateTimeOffset[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(events[i], nameof(events));
            ArgumentNullException.ThrowIfNull(events[i].Json, nameof(events));
            jsons[i] = events[i].Json;
            times[i] = events[i].RecordedAt.ToUniversalTime();
        }

        var grain = grainId.ToString();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            // Nothing to write, but the caller's idea of the length is still checked.
            var length = await ReadLengthAsync(connection, logName, grain, cancellationToken).ConfigureAwait(false);
            return length == expectedVersion ? expectedVersion : throw Conflict(logName, grainId, grain, expectedVersion, length);
        }

        try
        {
            await using var insert = connection.Command(_append)
                .With("log", logName)
                .With("grain", grain)
                .With("expected", expectedVersion)
                .With("jsons", NpgsqlDbType.Array | NpgsqlDbType.Text, jsons)
                .With("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, times);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == events.Count)
            {
                return expectedVersion + events.Count;
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another appender committed the same sequence numbers first; nothing of ours is stored.
        }

        throw Conflict(logName, grainId, grain, expectedVersion, await ReadLengthAsync(connection, logName, grain, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, GrainId grainId, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_read)
            .With("log", logName)
            .With("grain", grainId.ToString())
            .With("after", afterSequence)
            .With("max", (long)maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task WriteSnapshotAsync(string logName, GrainId grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(snapshot.Json, nameof(snapshot));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_writeSnapshot)
            .With("log", logName)
            .With("grain", grainId.ToString())
            .With("version", snapshot.Version)
            .With("json", snapshot.Json);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot?> ReadSnapshotAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_readSnapshot)
            .With("log", logName)
            .With("grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredSnapshot(reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    private async Task<long> ReadLengthAsync(NpgsqlConnection connection, string logName, string grain, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(_length)
            .With("log", logName)
            .With("grain", grain);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private InconsistentStateException Conflict(string logName, GrainId grainId, string grain, long expected, long stored)
    {
        PostgresLog.AppendConflict(_logger, logName, grain, expected, stored);
        return new InconsistentStateException(
            $"Event log '{logName}' of grain {grainId} was expected at length {expected} but has {stored} events; nothing was appended.",
            expected,
            stored);
    }
}
