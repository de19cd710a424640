using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>
/// The schema and its migrations: embedded <c>Sql/NNN_name.sql</c> scripts, each idempotent on its
/// own (CREATE ... IF NOT EXISTS) and recorded in <c>schema_version</c>. Several silos starting at
/// once serialize on a transaction-scoped advisory lock, so exactly one of them applies a script.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The token in the scripts that stands for the (quoted) schema name.</summary>
    public const string Placeholder = "{{schema}}";

    private const string ResourcePrefix = "OrleansLicense.Runtime.Postgres.Sql.";

    /// <summary>The embedded migrations, in version order.</summary>
    public static IReadOnlyList<PostgresMigration> Migrations { get; } = LoadMigrations();

    /// <summary>The newest schema version this build writes.</summary>
    public static long LatestVersion => Migrations[^1].Version;

    /// <summary>A schema name as an SQL identifier (the validator allows only plain names; quoting keeps reserved words working).</summary>
    public static string Quote(string schema) => $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>
    /// Brings <paramref name="schema"/> to <see cref="LatestVersion"/>. A schema that is already
    /// current is only read (no lock, no DDL), so a role without CREATE rights works on a schema an
    /// administrator created; otherwise the migrations run in one transaction under an advisory lock.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(logger);
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var current = await ReadVersionAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        if (current >= LatestVersion)
        {
            LogCurrent(logger, schema, current);
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Held until commit or rollback. Keyed by schema, so clusters in different schemas of one
        // database do not wait for each other. Without it, two concurrent CREATE TABLE IF NOT EXISTS
        // can both pass the existence check and one fails on the catalog's unique index.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long>("key", LockKey(schema)));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand($"""
            CREATE SCHEMA IF NOT EXISTS {quoted};
            CREATE TABLE IF NOT EXISTS {quoted}.schema_version (
                version    bigint      NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT schema_version_pk PRIMARY KEY (version)
            );
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Read again under the lock: another silo may have migrated while this one waited.
        current = await ReadVersionAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            await using (var migrate = new NpgsqlCommand(migration.Render(schema), connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_version (version, applied_at) VALUES (@version, now());", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<long>("version", migration.Version));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Not cancellable: the DDL is done, abandoning the commit half-way gains nothing.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        if (current < LatestVersion)
        {
            PostgresLog.SchemaMigrated(logger, schema, current, LatestVersion);
        }
        else
        {
            LogCurrent(logger, schema, current);
        }
    }

    /// <summary>The schema version recorded in <paramref name="schema"/>, 0 when it has no <c>schema_version</c> table.</summary>
    public static async Task<long> ReadVersionAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL;", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter<string>("table", $"{Quote(schema)}.schema_version"));
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        await using var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Quote(schema)}.schema_version;", connection);
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void LogCurrent(ILogger logger, string schema, long current)
    {
        if (current > LatestVersion)
        {
            PostgresLog.SchemaNewer(logger, schema, current, LatestVersion);
        }
        else
        {
            PostgresLog.SchemaCurrent(logger, schema, current);
        }
    }

    // A stable 64-bit key (FNV-1a) per schema: the same on every silo, build and run.
    private static long LockKey(string schema)
    {
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes("OrleansLicense.Runtime.Postgres/migrate/" + schema))
        {
            hash = (hash ^ b) * prime;
        }

        return unchecked((long)hash);
    }

    private static PostgresMigration[] LoadMigrations()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        if (migrations.Length == 0 || migrations.Select((m, i) => m.Version != i + 1).Any(gap => gap))
        {
            throw new InvalidOperationException($"The embedded migrations must be numbered 1, 2, 3 ... without gaps; found {string.Join(", ", migrations.Select(m => m.Name))}.");
        }

        return migrations;
    }

    private static PostgresMigration Load(Assembly assembly, string resource)
    {
        var fileName = resource[ResourcePrefix.Length..];
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !long.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Embedded migration '{fileName}' must be named NNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return new PostgresMigration(version, fileName, reader.ReadToEnd());
    }
}
