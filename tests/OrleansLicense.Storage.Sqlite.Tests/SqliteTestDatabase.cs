using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>
/// A database file in a fresh temporary folder, opened through the storage's own service
/// registration (as a silo would, without the silo); disposing it disposes every provider opened on
/// it and deletes the folder.
/// </summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public SqliteTestDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"olic-sqlite-{Guid.NewGuid():N}");
        Path = System.IO.Path.Combine(Folder, "data", "license.db");
    }

    /// <summary>The temporary folder (the database lives in its "data" subfolder, created by the storage).</summary>
    public string Folder { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens a service provider on the file, as one silo process would.</summary>
    public ServiceProvider Open(Action<SqliteStorageOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        services?.Invoke(collection);
        collection.AddSqliteLicenseStorageServices(options => options.Configure(o =>
        {
            o.DataSource = Path;
            configure?.Invoke(o);
        }));
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Opens a provider and resolves one service from it.</summary>
    public T Get<T>(Action<SqliteStorageOptions>? configure = null)
        where T : notnull => Open(configure).GetRequiredService<T>();

    /// <summary>Opens a provider and resolves the grain storage the license grains name.</summary>
    public IGrainStorage GrainStorage(Action<SqliteStorageOptions>? configure = null)
        => Open(configure).GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);

    /// <summary>Disposes every provider opened so far (closing the file), keeping the file.</summary>
    public async Task DisposeProvidersAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _providers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeProvidersAsync();

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
