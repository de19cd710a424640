using System.CommandLine;
using Npgsql;
using OrleansLicense.Storage.Postgres;

namespace OrleansLicense.Cli.Commands;

/// <summary>
/// <c>olic db migrate</c>: applies a grid's PostgreSQL schema (deploy/sql/postgres-schema.sql, the same
/// file the silos embed) ahead of the silos, or again to restore named queries edited by hand.
/// </summary>
internal static class DbCommands
{
    /// <summary>The environment variable the silos read the connection string from, used when --connection is absent.</summary>
    private const string ConnectionVariable = "OLIC_Silo__ConnectionString";

    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var connection = new Option<string?>("--connection")
        {
            Description = $"The Npgsql connection string of the grid's database (default: ${ConnectionVariable}).",
        };
        var migrate = new Command("migrate", "Create or update the grid's PostgreSQL schema and check Orleans' named queries (idempotent).") { connection };
        CommandAction.Set(migrate, environment, globals, (context, ct) =>
            MigrateAsync(context, context.ParseResult.GetValue(connection) ?? environment.GetEnvironmentVariable(ConnectionVariable), ct));
        return new Command("db", "The grid's database.") { migrate };
    }

    private static async Task MigrateAsync(CliContext context, string? connectionString, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw CliException.Usage($"--connection is required (or set {ConnectionVariable}).");
        }

        try
        {
            await PostgresSchemaMigrator.MigrateAsync(connectionString, ct).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"the connection string is not valid: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresSchemaException)
        {
            throw new CliException("database_unavailable", ex.Message, ExitCodes.Failure, ex);
        }

        context.Out.WriteLine($"Schema version {PostgresSchemaMigrator.SchemaVersion} applied; every named query Orleans needs is present.");
    }
}
