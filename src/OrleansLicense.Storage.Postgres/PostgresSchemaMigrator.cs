using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// Brings a grid's database to the schema of deploy/sql/postgres-schema.sql (embedded) and checks that
/// every named query Orleans' clustering, grain persistence and reminders run is in table OrleansQuery.
/// Silos run it when they start, before any Orleans provider reads that table; <c>olic db migrate</c>
/// runs <see cref="MigrateAsync(string, CancellationToken)"/>. Needs nothing of a silo.
/// </summary>
/// <remarks>
/// The script runs in one transaction under a PostgreSQL advisory lock (which the script also takes
/// itself, for an operator's psql), so silos starting at once apply it one after another, and the
/// later ones find the version recorded and skip it. A database whose recorded version is current is
/// only read: silos may then run under a role without CREATE rights.
/// </remarks>
public sealed class PostgresSchemaMigrator
{
    /// <summary>
    /// The schema version the embedded script records in <c>olic_schema_version</c>. Version 2 added
    /// <c>orleansstorage.forgetafter</c> (#12 storage growth); the script brings a version 1 database up in place.
    /// </summary>
    public const int SchemaVersion = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresSchemaMigrator> _logger;

    /// <summary>Creates a migrator for the database <paramref name="dataSource"/> connects to.</summary>
    /// <param name="dataSource">Connections to the grid's database.</param>
    /// <param name="logger">Where to log what it did.</param>
    public PostgresSchemaMigrator(NpgsqlDataSource dataSource, ILogger<PostgresSchemaMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>The named queries (keys of table OrleansQuery) the schema provides and the check requires.</summary>
    public static IReadOnlyList<string> RequiredQueryKeys => OrleansQueryKeys.All;

    /// <summary>
    /// For <c>olic db migrate</c>: applies the schema to the database of <paramref name="connectionString"/>
    /// (even when its recorded version is current, so it also restores named queries that were deleted or
    /// changed by hand; never over a newer version), then checks it.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string of a role that may create tables and functions.</param>
    /// <param name="cancellationToken">Cancels the migration (the transaction rolls back).</param>
    /// <exception cref="ArgumentException">The connection string is not usable.</exception>
    /// <exception cref="PostgresSchemaException">A named query is still missing afterwards.</exception>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        if (PostgresStorageOptionsValidator.Check(connectionString) is { } problem)
        {
            throw new ArgumentException(problem, nameof(connectionString));
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new PostgresSchemaMigrator(dataSource, NullLogger<PostgresSchemaMigrator>.Instance)
            .ApplyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// At silo start: applies the schema when the recorded version is older than <see cref="SchemaVersion"/>
    /// (an empty database included), then checks that every named query is present.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (the transaction rolls back).</param>
    /// <exception cref="PostgresSchemaException">A named query is missing.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken) => RunAsync(always: false, cancellationToken);

    /// <summary>
    /// Applies the schema even when the recorded version is current (restoring named queries deleted or
    /// changed by hand), though never over a newer version, then checks that every named query is present.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (the transaction rolls back).</param>
    /// <exception cref="PostgresSchemaException">A named query is still missing afterwards.</exception>
    public Task ApplyAsync(CancellationToken cancellationToken) => RunAsync(always: true, cancellationToken);

    /// <summary>Checks that every key of <see cref="RequiredQueryKeys"/> is in table OrleansQuery.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="PostgresSchemaException">One or more are missing; the message names them.</exception>
    public async Task CheckQueriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CheckQueriesAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(bool always, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Read without the lock first: the usual start finds the schema current and takes no lock at all.
        var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (ShouldApply(always, current))
        {
            var stopwatch = Stopwatch.StartNew();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, PostgresSchemaScript.LockSql, cancellationToken).ConfigureAwait(false);

            // Again under the lock: another silo may have applied it while this one waited.
            current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (ShouldApply(always, current))
            {
                await ExecuteAsync(connection, PostgresSchemaScript.Sql, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                PostgresLog.LogInformationSchemaApplied(_logger, stopwatch.ElapsedMilliseconds, current, SchemaVersion);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                PostgresLog.LogDebugSchemaCurrent(_logger, current);
            }
        }
        else if (current > SchemaVersion)
        {
            PostgresLog.LogWarningSchemaNewer(_logger, current, SchemaVersion);
        }
        else
        {
            PostgresLog.LogDebugSchemaCurrent(_logger, current);
        }

        await CheckQueriesAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    // Never over a newer schema: this build's statements would replace the newer ones.
    private static bool ShouldApply(bool always, int current) => always ? current <= SchemaVersion : current < SchemaVersion;

    private async Task CheckQueriesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (await TableExistsAsync(connection, "orleansquery", cancellationToken).ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(PostgresSchemaScript.ReadQueryKeysSql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                present.Add(reader.GetString(0));
            }
        }

        // Ordinal, as Orleans looks them up: a key differing in case is missing.
        var missing = RequiredQueryKeys.Where(key => !present.Contains(key)).ToArray();
        if (missing.Length > 0)
        {
            var problem = MissingQueriesSentence(connection.Database, missing);
            PostgresLog.LogErrorQueriesMissing(_logger, problem);
            throw new PostgresSchemaException(problem) { MissingQueryKeys = missing };
        }
    }

    /// <summary>The one sentence a silo stops with when named queries are missing.</summary>
    internal static string MissingQueriesSentence(string? database, IReadOnlyList<string> missing) =>
        $"PostgreSQL database '{database}' lacks the Orleans {(missing.Count == 1 ? "query" : "queries")} "
        + $"{string.Join(", ", missing)} in table OrleansQuery, so the grid cannot start: apply "
        + "deploy/sql/postgres-schema.sql (psql --single-transaction -f) or run 'olic db migrate', then start the silo again.";

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, "olic_schema_version", cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(PostgresSchemaScript.ReadVersionSql, connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0);
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PostgresSchemaScript.TableExistsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("table", table));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
