using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Faults;
using OrleansLicense.Silo.Hosting.GridTls;
using OrleansLicense.Silo.Security;
using OrleansLicense.Storage.Postgres;
using OrleansLicense.Storage.Sqlite;
using OrleansSiloOptions = Orleans.Configuration.SiloOptions;

using OrleansLicense.Silo.Dashboard.Profiling;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// The one place where this silo's Orleans is configured: grains, storage, membership (one silo or a grid), call
/// deadlines, the call credential, the Orleans Dashboard, clocks and what happens when the cluster declares the silo
/// dead. Values come from the options bound in the container (<see cref="SiloOptions"/>, <see cref="SiloClusterOptions"/>),
/// so a host that adds configuration late (tests) reaches Orleans too; only the choice of storage is read at
/// registration, because it decides which providers are registered.
/// </summary>
internal static class LicenseSiloBuilderExtensions
{
    /// <summary>
    /// Configures the silo for <paramref name="storage"/>: SQLite is one silo on loopback, PostgreSQL a member of a grid,
    /// whose silo and gateway ports take mutual TLS with the grid certificate unless <paramref name="gridTls"/> is off.
    /// </summary>
    public static ISiloBuilder AddLicenseSilo(this ISiloBuilder silo, SiloStorage storage, bool gridTls = true)
    {
        silo.AddLicenseGrains();
        silo.AddTriad();
        silo.AddLicenseStorage(storage);
        if (storage == SiloStorage.Postgres)
        {
            silo.AddGridMembership();
            if (gridTls)
            {
                silo.AddGridTls();
            }
        }
        else
        {
            silo.AddSingleSiloMembership();
        }

        silo.AddCallDeadlines();
        silo.AddSiloCallCredential();
        silo.AddIncomingCallStep<ClientGateway.SessionClientCallStep>();
        silo.AddSiloIdentity();
        silo.AddPartitionFault();
        silo.AddOrleansDashboard();
        silo.BoundDirectoryCache();
        silo.KeepOrleansOnRealTime();
        silo.StopWhenDeclaredDead();
        return silo;
    }

    /// <summary>
    /// Grain state, seat events and reminders: the group-committing SQLite storage in the data folder for one silo,
    /// PostgreSQL (with Orleans' ADO.NET clustering, storage and reminders) for a grid.
    /// </summary>
    public static ISiloBuilder AddLicenseStorage(this ISiloBuilder silo, SiloStorage storage)
    {
        if (storage == SiloStorage.Postgres)
        {
            // Silo:ConnectionString (--connection, OLIC_Silo__ConnectionString).
            silo.AddPostgresLicenseStorage(options => options.Configure<IOptions<Configuration.SiloOptions>>(
                (postgres, settings) => postgres.ConnectionString = settings.Value.ConnectionString ?? ""));
        }
        else
        {
            silo.AddSqliteLicenseStorage(options => options.BindConfiguration(SiloServiceCollectionExtensions.SqliteSectionName));
            silo.Services.AddSingleton<IPostConfigureOptions<SqliteStorageOptions>, SqliteOptionsSetup>();
        }

        return silo;
    }

    /// <summary>
    /// One silo: Orleans' localhost clustering (membership kept in this process) on 127.0.0.1 with the configured silo
    /// and gateway ports.
    /// </summary>
    public static ISiloBuilder AddSingleSiloMembership(this ISiloBuilder silo)
    {
        // The ports given here are replaced by the configured ones (SiloEndpointsSetup runs after this), and the
        // primary silo endpoint is read from the endpoint options, so it follows them.
        silo.UseLocalhostClustering();
        silo.Services.AddSingleton<IConfigureOptions<EndpointOptions>, SiloEndpointsSetup>();
        silo.Services.AddSingleton<IConfigureOptions<ClusterOptions>, SiloClusterIdSetup>();
        return silo;
    }

    /// <summary>
    /// A member of a grid: the cluster id from configuration, the fixed service id, the advertised address with the
    /// ports listening on every address, and membership tuned to declare a killed silo dead in about a second (the
    /// membership table itself is PostgreSQL's, registered with the storage).
    /// </summary>
    public static ISiloBuilder AddGridMembership(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IConfigureOptions<EndpointOptions>, SiloEndpointsSetup>();
        silo.Services.AddSingleton<IConfigureOptions<ClusterOptions>, SiloClusterIdSetup>();
        silo.Services.AddSingleton<IConfigureOptions<ClusterMembershipOptions>, GridMembershipSetup>();
        return silo;
    }

    /// <summary>Calls in flight when a silo dies fail after <see cref="SiloClusterOptions.ResponseTimeout"/> (5 s), not Orleans' 30 s.</summary>
    public static ISiloBuilder AddCallDeadlines(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<SiloMessagingOptions>()
            .Configure<IOptions<SiloClusterOptions>>((messaging, cluster) =>
            {
                messaging.ResponseTimeout = cluster.Value.ResponseTimeout;
                messaging.SystemResponseTimeout = cluster.Value.ResponseTimeout;
            });
        return silo;
    }

    /// <summary>The secret the license grains' call filters ask of every caller (<see cref="SiloCallSecretSetup"/>).</summary>
    public static ISiloBuilder AddSiloCallCredential(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IConfigureOptions<OrleansLicense.Grains.Security.SiloCallCredentialOptions>, SiloCallSecretSetup>();
        return silo;
    }

    /// <summary>
    /// This silo's name, and what other silos need to know of it: its HTTP URL for clients (the gateway list) and its
    /// role, as Orleans silo metadata, which every silo fetches from the others.
    /// </summary>
    public static ISiloBuilder AddSiloIdentity(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IConfigureOptions<OrleansSiloOptions>, SiloNameSetup>();
        silo.Services.AddSingleton<SiloAnnouncement>();

        // Orleans copies this dictionary into its metadata options when they are first read, at silo start; the
        // announcement's setup, registered first, fills it from the bound options just before.
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        silo.Services.AddSingleton<IConfigureOptions<SiloMetadata>>(sp => new ConfigureOptions<SiloMetadata>(_ => sp.GetRequiredService<SiloAnnouncement>().CopyTo(metadata)));
        silo.UseSiloMetadata(metadata);
        return silo;
    }

    /// <summary>The partition fault of <c>POST /api/v1/admin/faults/partition</c>: a filter on silo-to-silo connections.</summary>
    public static ISiloBuilder AddPartitionFault(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<SiloPartition>();
        silo.Services.AddOptions<SiloConnectionOptions>()
            .Configure<SiloPartition>((connections, partition) =>
            {
                connections.ConfigureSiloInboundConnection(builder => builder.Use(partition.Filter));
                connections.ConfigureSiloOutboundConnection(builder => builder.Use(partition.Filter));
            });
        return silo;
    }

    /// <summary>
    /// The Orleans Dashboard's grains and profiler; its pages are mapped at <c>/dashboard/orleans</c> behind the admin
    /// credentials (<see cref="SiloApplication"/>).
    /// </summary>
    /// <remarks>
    /// The dashboard's profiling filter is put behind <see cref="BusinessAwareProfiling"/>, so its error rate
    /// leaves business refusals out and its calls/s leaves the dashboard's own polling out (issue #14 item 18).
    /// </remarks>
    public static ISiloBuilder AddOrleansDashboard(this ISiloBuilder silo)
    {
        Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
        var profiler = silo.Services.LastOrDefault(d => d.ServiceType == typeof(IIncomingGrainCallFilter) && d.ImplementationType?.Name == "GrainProfilerFilter")
            ?? throw new InvalidOperationException("The Orleans Dashboard no longer registers its GrainProfilerFilter; revisit BusinessAwareProfiling.");
        var profilerType = profiler.ImplementationType!;
        silo.Services.Remove(profiler);
        silo.AddIncomingCallStep(sp =>
            new BusinessAwareProfiling((IIncomingGrainCallFilter)ActivatorUtilities.CreateInstance(sp, profilerType), ProfilerIsOn(sp, profilerType)));
        return silo;
    }

    // The dashboard's profiler (internal to Orleans.Dashboard, as the filter's IGrainProfiler) says whether it records:
    // read through its public IsEnabled property, bound once.
    private static Func<bool> ProfilerIsOn(IServiceProvider services, Type profilerFilterType)
    {
        var profilerInterface = profilerFilterType.Assembly.GetType("Orleans.Dashboard.Metrics.IGrainProfiler")
            ?? throw new InvalidOperationException("The Orleans Dashboard no longer has its IGrainProfiler; revisit BusinessAwareProfiling.");
        var profiler = services.GetRequiredService(profilerInterface);
        var isEnabled = profiler.GetType().GetProperty("IsEnabled")?.GetMethod
            ?? throw new InvalidOperationException("The Orleans Dashboard's profiler no longer has IsEnabled; revisit BusinessAwareProfiling.");
        return isEnabled.CreateDelegate<Func<bool>>(profiler);
    }

    /// <summary>
    /// At most 100,000 cached grain locations (Orleans' default: 1,000,000). The Orleans Dashboard reads Orleans' meter
    /// once a second, and its gauge of the directory cache's size counts the cache entry by entry: with every login a new
    /// session grain, that count grew to a few percent of the silo's CPU under login load (docs/PERFORMANCE.md, session 6).
    /// 100,000 still holds the locations of a grid silo's share of 100,000 heartbeating sessions.
    /// </summary>
    public static ISiloBuilder BoundDirectoryCache(this ISiloBuilder silo)
    {
        silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = 100_000);
        return silo;
    }

    /// <summary>
    /// Grain timers, grain-facing delays and reminders follow the host's <see cref="TimeProvider"/> (a test's manual
    /// clock); Orleans' own machinery (messaging deadlines, membership probes, directory upkeep, activation
    /// collection) keeps real time, so that moving a test clock by days neither fires those loops nor stalls them.
    /// </summary>
    public static ISiloBuilder KeepOrleansOnRealTime(this ISiloBuilder silo)
    {
        foreach (var area in new[]
        {
            Orleans.Runtime.TimeProviderNames.Messaging,
            Orleans.Runtime.TimeProviderNames.SystemTimers,
            Orleans.Runtime.TimeProviderNames.Membership,
            Orleans.Runtime.TimeProviderNames.ActivationManagement,
            Orleans.Runtime.TimeProviderNames.GrainDirectory,
        })
        {
            silo.Services.AddKeyedSingleton(area, TimeProvider.System);
        }

        return silo;
    }

    /// <summary>A silo the cluster declared dead stops its process with exit code 3 (<see cref="StopOnFatalError"/>), instead of Orleans' crash dump.</summary>
    public static ISiloBuilder StopWhenDeclaredDead(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<Orleans.Runtime.IFatalErrorHandler, StopOnFatalError>();
        return silo;
    }
}
