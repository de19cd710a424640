using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Reminders;

/// <summary>
/// Orleans' reminder table in the <c>reminder</c> table of the same file, so a borrow's expiry and a
/// lease's end survive a restart of the single silo. Rows are keyed by (grain, name); the ETag is the
/// row's version, bumped by every upsert; ring ranges read by the stored uniform hash of the grain id.
/// Writes share the group commit of the grain states.
/// </summary>
internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period_ms, version";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureReadyAsync(cancellationToken);

    /// <inheritdoc />
    public Task Init() => database.EnsureReadyAsync(CancellationToken.None);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        using var reader = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = reader.Command($"SELECT {Columns} FROM reminder WHERE grain_id = $grain ORDER BY name;")
            .With("$grain", grainId.ToString());
        return new ReminderTableData(await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        // (begin, end] on the ring: one arc when begin < end, otherwise it wraps past uint.MaxValue
        // (begin == end is the whole ring).
        var sql = begin < end
            ? $"SELECT {Columns} FROM reminder WHERE grain_hash > $begin AND grain_hash <= $end;"
            : $"SELECT {Columns} FROM reminder WHERE grain_hash > $begin OR grain_hash <= $end;";
        using var reader = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = reader.Command(sql)
            .With("$begin", (long)begin)
            .With("$end", (long)end);
        return new ReminderTableData(await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    /// <returns>The entry, or null when there is none (as Orleans' own tables answer).</returns>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        using var reader = await database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = reader.Command($"SELECT {Columns} FROM reminder WHERE grain_id = $grain AND name = $name;")
            .With("$grain", grainId.ToString())
            .With("$name", reminderName);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.ReminderName, nameof(entry));
        var grain = entry.GrainId.ToString();
        var hash = (long)entry.GrainId.GetUniformHashCode();
        var startAt = SqliteTime.ToUnixMs(entry.StartAt);
        var period = SqliteTime.ToMs(entry.Period);
        var name = entry.ReminderName;
        return database.Coalescer.WriteAsync<string?>(
            async (transaction, ct) =>
            {
                var command = database.Prepared(transaction, """
                    INSERT INTO reminder (grain_id, name, start_at, period_ms, grain_hash, version)
                    VALUES ($grain, $name, $start, $period, $hash, 1)
                    ON CONFLICT (grain_id, name) DO UPDATE SET
                        start_at = excluded.start_at,
                        period_ms = excluded.period_ms,
                        grain_hash = excluded.grain_hash,
                        version = reminder.version + 1
                    RETURNING version;
                    """)
                    .With("$grain", grain)
                    .With("$name", name)
                    .With("$start", startAt)
                    .With("$period", period)
                    .With("$hash", hash);
                var version = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return version.ToString(CultureInfo.InvariantCulture);
            },
            cancellationToken,
            singleStatement: true);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            // No row ever had this ETag.
            return Task.FromResult(false);
        }

        var grain = grainId.ToString();
        return database.Coalescer.WriteAsync(
            async (transaction, ct) =>
            {
                var command = database.Prepared(transaction, "DELETE FROM reminder WHERE grain_id = $grain AND name = $name AND version = $version;")
                    .With("$grain", grain)
                    .With("$name", reminderName)
                    .With("$version", version);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken,
            singleStatement: true);
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken)
        => database.Coalescer.WriteAsync(
            async (transaction, ct) => await database.Prepared(transaction, "DELETE FROM reminder;").ExecuteNonQueryAsync(ct).ConfigureAwait(false),
            cancellationToken,
            singleStatement: true);

    private static async Task<List<ReminderEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReminderEntry>();
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(rows.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = rows.GetString(1),
                StartAt = SqliteTime.UtcFromUnixMs(rows.GetInt64(2)),
                Period = SqliteTime.FromMs(rows.GetInt64(3)),
                ETag = rows.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return result;
    }
}
