using System.Diagnostics;
using OrleansLicense.Testing;

[assembly: AssemblyFixture(typeof(OrleansLicense.Runtime.Postgres.Tests.PostgresFixture))]

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>
/// One PostgreSQL server and one database for the whole test assembly (an xunit v3 assembly
/// fixture, injected into the test classes' constructors). Tests do not share tables: each test
/// instance works in a schema of its own (<see cref="CreateSchema"/>), which costs a few
/// milliseconds where a database per test would cost a CREATE DATABASE each.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The test run's database.</summary>
    public string Database { get; } = $"olic_tests_{Guid.NewGuid():N}"[..24];

    /// <summary>The connection string of <see cref="Database"/>.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How long creating the test run's database took.</summary>
    public TimeSpan CreateDatabaseTime { get; private set; }

    /// <summary>A fresh, empty schema in the test run's database, for one test.</summary>
    public PostgresTestSchema CreateSchema() => new(ConnectionString);

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var stopwatch = Stopwatch.StartNew();
        ConnectionString = await _server.CreateDatabaseAsync(Database);
        CreateDatabaseTime = stopwatch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        // A private server is deleted whole; on a shared one the run's database must not be left behind.
        if (_server.IsExternal)
        {
            await _server.DropDatabaseAsync(Database);
        }

        await _server.DisposeAsync();
    }
}
