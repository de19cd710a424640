using Npgsql;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>
/// Durable reminders in the <c>reminder</c> table, indexed by grain hash for ring-range reads. The
/// unsigned hash is stored unchanged in a bigint column (0 .. 2^32-1), so no uint-to-int mapping
/// is involved and hashes above 2^31 compare as the numbers they are.
/// </summary>
internal sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period, grain_hash, version";

    private readonly PostgresDatabase _database;
    private readonly string _readArc;
    private readonly string _readWrapped;
    private readonly string _readGrain;
    private readonly string _read;
    private readonly string _upsert;
    private readonly string _remove;

    public PostgresReminderTable(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var table = database.Table("reminder");
        _readArc = $"SELECT {Columns} FROM {table} WHERE grain_hash > @begin AND grain_hash <= @end ORDER BY grain_hash, grain_id, name;";
        _readWrapped = $"SELECT {Columns} FROM {table} WHERE grain_hash > @begin OR grain_hash <= @end ORDER BY grain_hash, grain_id, name;";
        _readGrain = $"SELECT {Columns} FROM {table} WHERE grain_id = @grain ORDER BY name;";
        _read = $"SELECT {Columns} FROM {table} WHERE grain_id = @grain AND name = @name;";
        _upsert = $"""
            INSERT INTO {table} AS r (grain_id, name, start_at, period, grain_hash, version)
            VALUES (@grain, @name, @start, @period, @hash, 1)
            ON CONFLICT (grain_id, name) DO UPDATE SET
                start_at = excluded.start_at,
                period = excluded.period,
                grain_hash = excluded.grain_hash,
                version = r.version + 1
            RETURNING version;
            """;
        _remove = $"DELETE FROM {table} WHERE grain_id = @grain AND name = @name AND version = @version;";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
    {
        // begin < end is one arc; otherwise the range wraps past uint.MaxValue (begin == end: the whole ring).
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(beginExclusive < endInclusive ? _readArc : _readWrapped)
            .With("begin", (long)beginExclusive)
            .With("end", (long)endInclusive);
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_readGrain).With("grain", grainId.ToString());
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_read)
            .With("grain", grainId.ToString())
            .With("name", name);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <inheritdoc />
    public async Task<long> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Name, nameof(entry));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_upsert)
            .With("grain", entry.GrainId.ToString())
            .With("name", entry.Name)
            .WithTime("start", entry.StartAt)
            .With("period", entry.Period)
            .With("hash", (long)entry.GrainHash);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(GrainId grainId, string name, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(_remove)
            .With("grain", grainId.ToString())
            .With("name", name)
            .With("version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<IReadOnlyList<ReminderEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ReminderEntry(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<TimeSpan>(3),
                checked((uint)reader.GetInt64(4)),
                reader.GetInt64(5)));
        }

        return result;
    }
}
