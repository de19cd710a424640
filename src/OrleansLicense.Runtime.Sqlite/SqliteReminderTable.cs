using System.Data.Common;
using System.Globalization;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Durable reminders in the <c>reminder</c> table, indexed by grain hash for ring-range reads.</summary>
internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period_ms, grain_hash, version";

    public async Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
    {
        // begin < end is one arc; otherwise the range wraps past uint.MaxValue (begin == end: the whole ring).
        var where = beginExclusive < endInclusive
            ? "grain_hash > $begin AND grain_hash <= $end"
            : "grain_hash > $begin OR grain_hash <= $end";
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM reminder WHERE {where} ORDER BY grain_hash, grain_id, name;")
            .With("$begin", (long)beginExclusive)
            .With("$end", (long)endInclusive);
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM reminder WHERE grain_id = $grain ORDER BY name;")
            .With("$grain", grainId.ToString());
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM reminder WHERE grain_id = $grain AND name = $name;")
            .With("$grain", grainId.ToString())
            .With("$name", name);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public Task<long> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Name, nameof(entry));
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                await using var command = transaction.CreateCommand("""
                    INSERT INTO reminder (grain_id, name, start_at, period_ms, grain_hash, version)
                    VALUES ($grain, $name, $start, $period, $hash, 1)
                    ON CONFLICT (grain_id, name) DO UPDATE SET
                        start_at = excluded.start_at,
                        period_ms = excluded.period_ms,
                        grain_hash = excluded.grain_hash,
                        version = reminder.version + 1
                    RETURNING version;
                    """)
                    .With("$grain", entry.GrainId.ToString())
                    .With("$name", entry.Name)
                    .With("$start", SqliteTime.ToUnixMs(entry.StartAt))
                    .With("$period", SqliteTime.ToMs(entry.Period))
                    .With("$hash", (long)entry.GrainHash);
                var version = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                transaction.Commit();
                return version;
            },
            cancellationToken);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return database.WriteAsync(
            async (transaction, ct) =>
            {
                await using var command = transaction.CreateCommand("DELETE FROM reminder WHERE grain_id = $grain AND name = $name AND version = $version;")
                    .With("$grain", grainId.ToString())
                    .With("$name", name)
                    .With("$version", version);
                var removed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
                transaction.Commit();
                return removed;
            },
            cancellationToken);
    }

    private static async Task<IReadOnlyList<ReminderEntry>> ReadEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ReminderEntry(
                GrainId.Parse(reader.GetString(0)),
                reader.GetString(1),
                SqliteTime.FromUnixMs(reader.GetInt64(2)),
                SqliteTime.FromMs(reader.GetInt64(3)),
                checked((uint)reader.GetInt64(4)),
                reader.GetInt64(5)));
        }

        return result;
    }
}
