using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace OrleansLicense.Runtime.Postgres.Tests;

/// <summary>
/// A unique, initially missing schema in the test database, opened through the public DI
/// registration (the providers create it on first use); disposing it disposes every provider
/// opened on it and drops the schema.
/// </summary>
public sealed class PostgresTestSchema(string connectionString) : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>The schema name.</summary>
    public string Name { get; } = $"t_{Guid.NewGuid():N}";

    /// <summary>The connection string of the test database.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Opens a service provider on the schema, as one silo process would.</summary>
    public ServiceProvider Open(Action<PostgresStorageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddPostgresStorage(options =>
        {
            options.ConnectionString = ConnectionString;
            options.Schema = Name;
            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Opens a provider and resolves one service from it.</summary>
    public T Get<T>(Action<PostgresStorageOptions>? configure = null)
        where T : notnull => Open(configure).GetRequiredService<T>();

    /// <summary>Runs SQL in the test database; see <see cref="PostgresQuery.RowsAsync"/>.</summary>
    public Task<List<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken = default) =>
        PostgresQuery.RowsAsync(ConnectionString, sql, cancellationToken);

    /// <summary>Runs SQL in the test database and returns the first column of every row.</summary>
    public Task<List<string?>> ColumnAsync(string sql, CancellationToken cancellationToken = default) =>
        PostgresQuery.ColumnAsync(ConnectionString, sql, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE;", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
