using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>The test server helper itself: it must say what is missing rather than fail obscurely.</summary>
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_without_the_postgres_programs_fails_with_a_clear_message()
    {
        Assert.SkipWhen(!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable)), "An external server is configured, so no programs are looked for.");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresServer.StartAsync("/nonexistent/postgresql/bin", Ct));

        Assert.Contains("/nonexistent/postgresql/bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("initdb", ex.Message, StringComparison.Ordinal);
        Assert.Contains(PostgresServer.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_strings_differ_only_in_the_database()
    {
        var connectionString = postgres.Server.ConnectionStringFor("some_db");

        Assert.Contains("Database=some_db", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Port={postgres.Server.Port}", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(postgres.ConnectionString, postgres.Server.ConnectionStringFor(postgres.Database));
    }
}
