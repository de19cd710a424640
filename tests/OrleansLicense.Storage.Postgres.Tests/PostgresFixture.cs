using Npgsql;
using OrleansLicense.Testing;

[assembly: AssemblyFixture(typeof(OrleansLicense.Storage.Postgres.Tests.PostgresFixture))]

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// One throwaway PostgreSQL server for the whole test assembly (an xunit v3 assembly fixture, injected
/// into the test classes' constructors; it starts in about a second). Tests that need a database of
/// their own create one (<see cref="CreateDatabaseAsync"/>); the conformance suites, which need a fresh
/// store per test, get a schema of their own in one shared database (<see cref="CreateSchemaAsync"/>),
/// which costs milliseconds instead of a CREATE DATABASE.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _sharedLock = new(1, 1);
    private PostgresServer? _server;
    private string? _shared;

    /// <summary>The server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        Server.CreateDatabaseAsync($"olic_{Guid.NewGuid():N}"[..24], cancellationToken);

    /// <summary>
    /// Creates an empty schema in the shared database and returns a connection string whose search
    /// path is that schema, so that everything the schema script creates lands there.
    /// </summary>
    public async Task<TestSchema> CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var shared = await SharedDatabaseAsync(cancellationToken);
        var name = $"t_{Guid.NewGuid():N}";
        await Sql.ExecuteAsync(shared, $"CREATE SCHEMA {name};", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(shared) { SearchPath = name }.ConnectionString;
        return new TestSchema(name, connectionString, shared);
    }

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        // A private server is deleted whole; on a shared one the databases made here must not stay.
        if (_server.IsExternal && _shared is not null)
        {
            await _server.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(_shared).Database!);
        }

        await _server.DisposeAsync();
        _sharedLock.Dispose();
    }

    private async Task<string> SharedDatabaseAsync(CancellationToken cancellationToken)
    {
        await _sharedLock.WaitAsync(cancellationToken);
        try
        {
            return _shared ??= await CreateDatabaseAsync(cancellationToken);
        }
        finally
        {
            _sharedLock.Release();
        }
    }
}

/// <summary>A schema of one test in the shared database; dropped with everything in it on dispose.</summary>
/// <param name="Name">The schema's name.</param>
/// <param name="ConnectionString">A connection string whose search path is the schema.</param>
/// <param name="DatabaseConnectionString">The shared database's connection string (default search path).</param>
public sealed record TestSchema(string Name, string ConnectionString, string DatabaseConnectionString) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the test may still sit on the schema; DROP does not need them gone.
        await Sql.ExecuteAsync(DatabaseConnectionString, $"DROP SCHEMA IF EXISTS {Name} CASCADE;", CancellationToken.None);
    }
}
