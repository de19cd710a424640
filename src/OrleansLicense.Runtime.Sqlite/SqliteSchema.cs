using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>
/// The schema and its migrations. Each migration is idempotent on its own (CREATE ... IF NOT EXISTS)
/// and recorded in <c>schema_version</c>, so several processes opening one file agree.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The newest schema version this build writes.</summary>
    public const long LatestVersion = 1;

    // STRICT makes SQLite enforce the column types instead of storing whatever it is given.
    // Small, key-addressed rows are WITHOUT ROWID (the row lives in the primary-key b-tree);
    // tables holding JSON documents keep a rowid because large rows make a WITHOUT ROWID b-tree slow.
    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            json       TEXT NOT NULL,
            version    INTEGER NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) STRICT;

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

        CREATE TABLE IF NOT EXISTS membership_version (
            cluster_id TEXT NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS membership (
            cluster_id  TEXT NOT NULL REFERENCES membership_version (cluster_id),
            host        TEXT NOT NULL,
            port        INTEGER NOT NULL,
            generation  INTEGER NOT NULL,
            silo_name   TEXT NOT NULL,
            gateway_url TEXT NOT NULL,
            status      INTEGER NOT NULL,
            started_at  INTEGER NOT NULL,
            iamalive_at INTEGER NOT NULL,
            suspicions  TEXT NOT NULL,
            role        TEXT,
            PRIMARY KEY (cluster_id, host, port, generation)
        ) STRICT;

        CREATE TABLE IF NOT EXISTS grain_directory (
            cluster_id    TEXT NOT NULL,
            grain_id      TEXT NOT NULL,
            silo          TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            PRIMARY KEY (cluster_id, grain_id)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS ix_grain_directory_silo ON grain_directory (cluster_id, silo);
        """;

    /// <summary>
    /// Brings the schema of the connection's database to <see cref="LatestVersion"/> in one
    /// IMMEDIATE transaction (which also serializes concurrent migrators in other processes).
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, string dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        await using (var create = transaction.CreateCommand("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER NOT NULL PRIMARY KEY,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long current;
        await using (var read = transaction.CreateCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;"))
        {
            current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            SqliteLog.SchemaNewer(logger, dataSource, current, LatestVersion);
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            await using (var migrate = transaction.CreateCommand(Script(version)))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = transaction.CreateCommand("INSERT INTO schema_version (version, applied_at) VALUES ($version, $at);")
                .With("$version", version)
                .With("$at", SqliteTime.ToUnixMs(DateTimeOffset.UtcNow));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
        if (current < LatestVersion)
        {
            SqliteLog.SchemaMigrated(logger, dataSource, current, LatestVersion);
        }
    }

    private static string Script(long version) => version switch
    {
        1 => Version1,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No such schema version."),
    };
}
