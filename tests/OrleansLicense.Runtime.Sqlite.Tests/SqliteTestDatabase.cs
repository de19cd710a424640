using Microsoft.Extensions.DependencyInjection;

namespace OrleansLicense.Runtime.Sqlite.Tests;

/// <summary>
/// A database file under a unique temporary path, opened through the public DI registration;
/// disposing it disposes every provider opened on it and deletes the file and its WAL companions.
/// </summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"orleanslicense-sqlite-{Guid.NewGuid():N}.db");

    /// <summary>Opens a service provider on the file, as one silo process would.</summary>
    public ServiceProvider Open(Action<SqliteStorageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSqliteStorage(options =>
        {
            options.DataSource = Path;
            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Opens a provider and resolves one service from it.</summary>
    public T Get<T>(Action<SqliteStorageOptions>? configure = null)
        where T : notnull => Open(configure).GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(Path + suffix);
        }
    }
}
