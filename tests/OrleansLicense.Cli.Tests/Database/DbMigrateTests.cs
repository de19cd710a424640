using Npgsql;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Testing;

namespace OrleansLicense.Cli.Tests.Database;

/// <summary><c>olic db migrate</c> (issue 12 item 2): the grid schema applied from the command line, once or again.</summary>
public sealed class DbMigrateTests
{
    [Fact]
    public async Task Migrate_creates_the_schema_and_a_second_run_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PostgresServer.StartAsync(cancellationToken: ct);
        var connection = await postgres.CreateDatabaseAsync("olic_migrate", ct);

        var first = await Olic.RunAsync("db", "migrate", "--connection", connection);
        var second = await Olic.RunAsync(new Dictionary<string, string> { ["OLIC_Silo__ConnectionString"] = connection }, "db", "migrate");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("every named query Orleans needs is present", first.Stdout, StringComparison.Ordinal);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansquery", db);
        Assert.True((long)(await count.ExecuteScalarAsync(ct))! >= 20);
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_is_a_usage_error()
    {
        var result = await Olic.RunAsync("db", "migrate");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: --connection is required", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_against_a_server_that_is_not_there_says_so()
    {
        var port = FreePort.Next();

        var result = await Olic.RunAsync("db", "migrate", "--connection", $"Host=127.0.0.1;Port={port};Username=postgres;Database=none;Timeout=3");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: database_unavailable: ", result.Stderr, StringComparison.Ordinal);
    }
}
