using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// The seat pools' event logs on PostgreSQL: events in <c>olic_event_log</c> (primary key log, grain,
/// sequence), the newest snapshot per log in <c>olic_event_snapshot</c>.
/// </summary>
public sealed class PostgresEventLogStore : IEventLogStore
{
    // All events of one append in one statement, so in one transaction: the arrays are unnested into
    // rows numbered expected+1, expected+2, ... The WHERE checks the length first, so an append ahead
    // of the log (which the key alone would let through, leaving a gap) inserts nothing; the primary
    // key is the final fence against a concurrent appender that passed the same check: the later one
    // waits on the key, then fails with unique_violation as a whole.
    private const string AppendSql = """
        INSERT INTO olic_event_log (log_name, grain_id, seq, json, recorded_at)
        SELECT @log, @grain, @expected + e.ord, e.json, e.recorded_at
        FROM unnest(@jsons, @times) WITH ORDINALITY AS e (json, recorded_at, ord)
        WHERE (SELECT COALESCE(max(seq), 0) FROM olic_event_log WHERE log_name = @log AND grain_id = @grain) = @expected;
        """;

    // max over the primary key is one index descent; the log is gap-free from 1, so max is the length.
    private const string LengthSql = "SELECT COALESCE(max(seq), 0) FROM olic_event_log WHERE log_name = @log AND grain_id = @grain;";

    private const string ReadSql = """
        SELECT seq, json, recorded_at FROM olic_event_log
        WHERE log_name = @log AND grain_id = @grain AND seq > @after
        ORDER BY seq
        LIMIT @max;
        """;

    // The WHERE makes an older snapshot (a slow writer) a no-op instead of a regression; an equal
    // version replaces, as a rewrite of the same fold.
    private const string WriteSnapshotSql = """
        INSERT INTO olic_event_snapshot AS s (log_name, grain_id, version, json) VALUES (@log, @grain, @version, @json)
        ON CONFLICT (log_name, grain_id) DO UPDATE SET version = excluded.version, json = excluded.json
        WHERE excluded.version >= s.version;
        """;

    // The last event stays: max(seq) is the length the next append is fenced on (#12 storage growth).
    // One chunk per statement (see TrimAsync).
    private const string TrimSql = """
        DELETE FROM olic_event_log
        WHERE log_name = @log AND grain_id = @grain AND seq IN (
            SELECT seq FROM olic_event_log
            WHERE log_name = @log AND grain_id = @grain AND seq <= @through
              AND seq < (SELECT max(seq) FROM olic_event_log WHERE log_name = @log AND grain_id = @grain)
            ORDER BY seq LIMIT @chunk);
        """;

    /// <summary>The most events one trim statement deletes.</summary>
    internal const int TrimChunk = 5000;

    private const string ReadSnapshotSql = "SELECT version, json FROM olic_event_snapshot WHERE log_name = @log AND grain_id = @grain;";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresEventLogStore> _logger;

    /// <summary>Creates the store on the database <paramref name="dataSource"/> connects to (its schema applied).</summary>
    /// <param name="dataSource">Connections to the grid's database.</param>
    /// <param name="logger">Where refused appends are logged.</param>
    public PostgresEventLogStore(NpgsqlDataSource dataSource, ILogger<PostgresEventLogStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(string logName, string grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var jsons = new string[events.Count];
        var times = new DateTimeOffset[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(events[i], nameof(events));
            ArgumentNullException.ThrowIfNull(events[i].Json, nameof(events));
            jsons[i] = events[i].Json;

            // Npgsql writes only UTC to timestamptz; the instant is what is kept.
            times[i] = events[i].RecordedAt.ToUniversalTime();
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            // Nothing to write, but the caller's idea of the length is still checked.
            var length = await ReadLengthAsync(connection, logName, grainId, cancellationToken).ConfigureAwait(false);
            return length == expectedVersion ? expectedVersion : throw Conflict(logName, grainId, expectedVersion, length);
        }

        try
        {
            await using var insert = connection.Command(AppendSql)
                .With("log", logName)
                .With("grain", grainId)
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

        throw Conflict(logName, grainId, expectedVersion, await ReadLengthAsync(connection, logName, grainId, cancellationToken).ConfigureAwait(false));
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

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(ReadSql)
            .With("log", logName)
            .With("grain", grainId)
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
    public async Task WriteSnapshotAsync(string logName, string grainId, StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(snapshot.Json, nameof(snapshot));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(WriteSnapshotSql)
            .With("log", logName)
            .With("grain", grainId)
            .With("version", snapshot.Version)
            .With("json", snapshot.Json);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredSnapshot?> ReadSnapshotAsync(string logName, string grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logName);
        ArgumentNullException.ThrowIfNull(grainId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(ReadSnapshotSql)
            .With("log", logName)
            .With("grain", grainId);
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
        // In chunks, each its own transaction: a long backlog (the first trim after an upgrade) never holds locks long.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        while (true)
        {
            await using var command = connection.Command(TrimSql)
                .With("log", logName)
                .With("grain", grainId)
                .With("through", throughSequence)
                .With("chunk", TrimChunk);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < TrimChunk)
            {
                return total;
            }
        }
    }

    private static async Task<long> ReadLengthAsync(NpgsqlConnection connection, string logName, string grainId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(LengthSql)
            .With("log", logName)
            .With("grain", grainId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private InconsistentStateException Conflict(string logName, string grainId, long expected, long stored)
    {
        PostgresLog.LogDebugAppendConflict(_logger, logName, grainId, expected, stored);
        return new InconsistentStateException(
            $"Event log '{logName}' of grain {grainId} was expected at length {expected} but has {stored} events; nothing was appended.",
            storedEtag: stored.ToString(CultureInfo.InvariantCulture),
            currentEtag: expected.ToString(CultureInfo.InvariantCulture));
    }
}
