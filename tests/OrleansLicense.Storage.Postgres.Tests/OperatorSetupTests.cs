using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using OrleansLicense.Storage.EventLogs;
using OrleansLicense.Testing;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>What an operator does by hand, as deploy/sql/postgres-schema.sql's header tells it.</summary>
public sealed class OperatorSetupTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DeployScript => Path.Combine(AppContext.BaseDirectory, "deploy", "postgres-schema.sql");

    private async Task PsqlAsync(string connectionString, params string[] arguments)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(PostgresServer.DefaultBinDirectory, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-h", postgres.Server.Host, "-p", postgres.Server.Port.ToString(CultureInfo.InvariantCulture), "-U", database.Username!, "-d", database.Database!, "-X", "-q", "-w", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        if (database.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"psql exited with {process.ExitCode}: {await error}{await output}");
    }

    [Fact]
    public async Task The_deploy_script_applies_with_psql_twice_and_a_silo_then_only_checks()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);

        await PsqlAsync(connectionString, "--single-transaction", "-v", "ON_ERROR_STOP=1", "-f", DeployScript);
        await PsqlAsync(connectionString, "--single-transaction", "-v", "ON_ERROR_STOP=1", "-f", DeployScript);

        Assert.Equal([$"{PostgresSchemaMigrator.SchemaVersion}"], await Sql.ColumnAsync(connectionString, "SELECT version FROM olic_schema_version;", Ct));
        await using var silo = UnstartedSilo.Create(connectionString);
        await silo.MigrateAsync(Ct);
    }

    [Fact]
    public async Task A_silo_role_with_only_the_grants_the_header_names_migrates_and_runs_every_provider()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Ct);
        await PostgresSchemaMigrator.MigrateAsync(connectionString, Ct);
        var role = $"olic_silo_{Guid.NewGuid():N}"[..24];
        await Sql.ExecuteAsync(connectionString, $"""
            CREATE ROLE {role} LOGIN;
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role};
            """, Ct);
        try
        {
            var asRole = new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = null }.ConnectionString;
            await using var silo = UnstartedSilo.Create(asRole);

            // The recorded version is current: the silo reads, runs no DDL, and its check passes.
            await silo.MigrateAsync(Ct);

            var storage = await silo.StartGrainStorageAsync(Ct);
            var state = new GrainState<Dictionary<string, int>>(new() { ["seats"] = 5 });
            await storage.WriteStateAsync("pool", GrainId.Create("license", "acme"), state, Ct);
            Assert.Equal("1", state.ETag);

            var reminders = await silo.StartReminderTableAsync(Ct);
            Assert.NotNull(await reminders.UpsertRow(new ReminderEntry { GrainId = GrainId.Create("borrow", "b1"), ReminderName = "expire", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) }, Ct));

            await silo.MembershipTable.InitializeMembershipTableAsync(true, Ct);

            var log = silo.Services.GetRequiredService<IEventLogStore>();
            Assert.Equal(1, await log.AppendAsync("seats", "acme/pro", 0, [new EventRecord("{}", DateTimeOffset.UtcNow)], Ct));

            // Applying the script needs the owner's rights: proof that the start above ran no DDL.
            await Assert.ThrowsAsync<PostgresException>(() => silo.Services.GetRequiredService<PostgresSchemaMigrator>().ApplyAsync(Ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Sql.ExecuteAsync(connectionString, $"DROP OWNED BY {role}; DROP ROLE {role};", CancellationToken.None);
        }
    }
}
