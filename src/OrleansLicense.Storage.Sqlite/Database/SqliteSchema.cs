using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// The tables of the file, created once in one IMMEDIATE transaction (which also serializes processes
/// opening a new file together) and recorded in <c>schema_version</c>. A file of version 2 is upgraded
/// in place (<see cref="MigrateFrom2Async"/>); a file holding another schema version, or tables of
/// something else, is refused with a sentence saying what to do: this build never reads or rewrites a
/// layout it does not know.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// The schema version this build reads and writes. Version 1 was the layout of OrleansLicense's own
    /// actor runtime before the move to Orleans (with membership and grain directory tables). Version 3
    /// added <c>grain_state.forget_after</c> (#12 storage growth).
    /// </summary>
    public const long Version = 3;

    /// <summary>The tables of <see cref="Version"/>, schema_version included.</summary>
    public static readonly string[] Tables = ["event_log", "grain_state", "reminder", "schema_version", "snapshot"];

    // STRICT makes SQLite enforce the column types instead of storing whatever it is given. Small,
    // key-addressed rows are WITHOUT ROWID (the row lives in the primary-key b-tree); tables holding
    // JSON documents keep a rowid because large rows make a WITHOUT ROWID b-tree slow. Every table
    // has a primary key.
    private const string Create = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            version    INTEGER NOT NULL,
            json       TEXT NOT NULL,
            forget_after INTEGER,
            PRIMARY KEY (state_name, grain_id)
        ) STRICT;

        CREATE INDEX IF NOT EXISTS ix_grain_state_forget_after ON grain_state (forget_after) WHERE forget_after IS NOT NULL;

        CREATE TABLE IF NOT EXISTS event_log (
            log_name    TEXT NOT NULL,
            grain_id    TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            json        TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (log_name, grain_id, seq)
        ) STRICT;

        CREATE TABLE IF NOT EXISTS snapshot (
            log_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            version  INTEGER NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (log_name, grain_id)
        ) STRICT;

        CREATE TABLE IF NOT EXISTS reminder (
            grain_id   TEXT NOT NULL,
            name       TEXT NOT NULL,
            start_at   INTEGER NOT NULL,
            period_ms  INTEGER NOT NULL,
            grain_hash INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
            version    INTEGER NOT NULL,
            PRIMARY KEY (grain_id, name)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS ix_reminder_grain_hash ON reminder (grain_hash);

        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL
        ) STRICT;
        """;

    // Version 2 -> 3 (#12 storage growth): when a stored state may be deleted (unix ms, NULL = never), and the
    // partial index the sweep reads (only the few rows that have an expiry are in it).
    // Sessions that ended before the upgrade never stored a ForgetAfter: without one they would stay for good, so they
    // get one retention from the upgrade (status 2 logged out, 3 ended by the server, in the session state's JSON).
    private const string From2To3 = """
        ALTER TABLE grain_state ADD COLUMN forget_after INTEGER;
        CREATE INDEX IF NOT EXISTS ix_grain_state_forget_after ON grain_state (forget_after) WHERE forget_after IS NOT NULL;
        UPDATE grain_state SET forget_after = $at
        WHERE state_name = 'session' AND forget_after IS NULL AND json_extract(json, '$.status') IN (2, 3);
        """;

    /// <summary>
    /// How long the rows of sessions that ended before the upgrade to version 3 stay after it: the default of
    /// <c>Licensing:EndedSessionRetention</c>, which this layer does not read.
    /// </summary>
    public static readonly TimeSpan EndedBeforeUpgradeRetention = TimeSpan.FromHours(1);

    /// <summary>
    /// Creates the schema in an empty file, or checks the one present (upgrading version 2 in place, in
    /// the same transaction). Returns true when it created it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file holds another schema; the message says which and what to do.</exception>
    public static async Task<bool> EnsureAsync(SqliteConnection connection, string dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var tables = await ReadTablesAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (tables.Contains("schema_version"))
        {
            var stored = await ReadVersionAsync(transaction, cancellationToken).ConfigureAwait(false);
            var missing = Tables.Where(t => !tables.Contains(t)).ToList();
            if (stored == 2 && missing.Count == 0)
            {
                await MigrateFrom2Async(transaction, cancellationToken).ConfigureAwait(false);
                transaction.Commit();
                SqliteLog.LogInformationSchemaMigrated(logger, dataSource, stored, Version);
                return false;
            }

            if (stored != Version || missing.Count > 0)
            {
                throw Refuse(logger, Mismatch(dataSource, stored, missing));
            }

            return false;
        }

        if (tables.Count > 0)
        {
            throw Refuse(logger, string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite file {dataSource} holds tables ({string.Join(", ", tables.Order(StringComparer.Ordinal))}) but no OrleansLicense schema version: it is not an OrleansLicense storage file. Point the storage at another path, or move this file aside."));
        }

        await using (var create = transaction.CreateCommand(Create))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await RecordVersionAsync(transaction, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        SqliteLog.LogInformationSchemaCreated(logger, dataSource, Version);
        return true;
    }

    // Inside the IMMEDIATE transaction that read version 2: a second process opening the file at once waits
    // for it, then finds version 3. All of it or nothing is committed, and the rows stay as they are.
    private static async Task MigrateFrom2Async(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var alter = transaction.CreateCommand(From2To3)
            .With("$at", SqliteTime.ToUnixMs(DateTimeOffset.UtcNow + EndedBeforeUpgradeRetention)))
        {
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await RecordVersionAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordVersionAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var record = transaction.CreateCommand("INSERT INTO schema_version (version, applied_at) VALUES ($version, $at);")
            .With("$version", Version)
            .With("$at", SqliteTime.ToUnixMs(DateTimeOffset.UtcNow));
        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Mismatch(string dataSource, long stored, List<string> missing)
    {
        const string MoveAside = "move the file (with its -wal and -shm files) aside to start with an empty store, or point the storage at another path";
        return stored switch
        {
            Version or 2 => string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite file {dataSource} records schema version {stored} but lacks the table(s) {string.Join(", ", missing)}: it was changed by hand or is damaged. Restore it from a backup, or {MoveAside}."),
            1 => string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite file {dataSource} holds schema version 1, written by OrleansLicense before it moved to Microsoft Orleans; this build reads schema version {Version} (and upgrades version 2) but does not migrate version 1. To start, {MoveAside}."),
            > Version => string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite file {dataSource} holds schema version {stored}, newer than this build's version {Version}: a newer OrleansLicense wrote it. Run that build, or restore a backup made before the upgrade."),
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"The SQLite file {dataSource} holds schema version {stored}; this build reads schema version {Version} and upgrades only version 2. To start, {MoveAside}."),
        };
    }

    private static InvalidOperationException Refuse(ILogger logger, string reason)
    {
        SqliteLog.LogCriticalSchemaRefused(logger, reason);
        return new InvalidOperationException(reason);
    }

    private static async Task<HashSet<string>> ReadTablesAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        // sqlite_* tables are SQLite's own (sqlite_sequence, sqlite_stat1).
        await using var command = transaction.CreateCommand("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<long> ReadVersionAsync(SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
