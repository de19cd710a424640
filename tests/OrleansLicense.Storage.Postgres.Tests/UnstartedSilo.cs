using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>
/// A silo host configured with <see cref="PostgresLicenseStorageExtensions.AddPostgresLicenseStorage(ISiloBuilder, Action{PostgresStorageOptions})"/>
/// but never started: its services are Orleans' own ADO.NET providers exactly as our registration sets
/// them up, which the tests start one at a time and drive directly.
/// </summary>
public sealed class UnstartedSilo : IAsyncDisposable
{
    /// <summary>The ServiceId every test silo uses (Orleans keys grain state and reminders by it).</summary>
    public const string ServiceId = "olic-tests";

    private readonly IHost _host;

    private UnstartedSilo(IHost host) => _host = host;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the host on <paramref name="connectionString"/>.</summary>
    public static UnstartedSilo Create(string connectionString, string clusterId = "olic-tests")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = ServiceId;
            });
            silo.AddPostgresLicenseStorage(o => o.ConnectionString = connectionString);
        });
        return new UnstartedSilo(builder.Build());
    }

    /// <summary>Applies the schema through the registered migrator (as the silo's first lifecycle stage would).</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        Services.GetRequiredService<PostgresSchemaMigrator>().MigrateAsync(cancellationToken);

    /// <summary>The grain storage <see cref="LicenseStorage.StateStorageName"/>, initialized (it reads its queries).</summary>
    public async Task<IGrainStorage> StartGrainStorageAsync(CancellationToken cancellationToken)
    {
        var storage = Services.GetRequiredKeyedService<IGrainStorage>(LicenseStorage.StateStorageName);
        var lifecycle = new SiloLifecycleSubject(Services.GetRequiredService<ILogger<SiloLifecycleSubject>>());
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.OnStart(cancellationToken);
        return storage;
    }

    /// <summary>The reminder table, started (it reads its queries).</summary>
    public async Task<IReminderTable> StartReminderTableAsync(CancellationToken cancellationToken)
    {
        var table = Services.GetRequiredService<IReminderTable>();
        await table.StartAsync(cancellationToken);
        return table;
    }

    /// <summary>The membership table (initialize it with InitializeMembershipTableAsync).</summary>
    public IMembershipTable MembershipTable => Services.GetRequiredService<IMembershipTable>();

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
