using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Security;
using OrleansLicense.Grains.Serialization;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Storage.Sqlite;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>
/// A real Orleans silo (an in-process test cluster of one) with the license grains on a SQLite file, a manual clock
/// and one trusted vendor key. Start another on the same file to simulate a restart.
/// </summary>
/// <remarks>
/// Time: the manual clock is the silo's <see cref="TimeProvider"/>, so the grains read it, and Orleans drives grain
/// timers (its <c>TimeProviderNames.Grains</c> clock) and reminders (<see cref="ReminderTimeProviderNames.Reminders"/>)
/// from it too (reminders through <see cref="ReminderClock"/>): advancing it fires the pools' lease sweeps and the
/// borrows' reminders. Orleans' own background work
/// (membership, messaging timeouts, activation collection) stays on real time.
/// </remarks>
internal sealed class LicenseSilo : IAsyncDisposable
{
    /// <summary>The silo call credential of every test silo.</summary>
    public const string SiloSecret = "grain-tests-silo-call-credential-0123456789";

    private readonly InProcessTestCluster _cluster;

    private LicenseSilo(InProcessTestCluster cluster, ManualClock clock, VendorKeyPair vendor)
    {
        _cluster = cluster;
        Clock = clock;
        Vendor = vendor;
    }

    public ManualClock Clock { get; }

    public VendorKeyPair Vendor { get; }

    public InProcessTestCluster Cluster => _cluster;

    /// <summary>The (first) silo's address.</summary>
    public SiloAddress Address => _cluster.Silos[0].SiloAddress;

    /// <summary>The silo's own grain factory: its calls carry the silo call credential, as those of the silo's HTTP API do.</summary>
    public IGrainFactory Grains => Service<IGrainFactory>();

    /// <summary>The silo's logins (the edges' service).</summary>
    public ISessionLogins Logins => Service<ISessionLogins>();

    /// <summary>The cluster's Orleans client: it reaches the grains through the gateway, without the silo call credential.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>A service of the (first) silo.</summary>
    public T Service<T>()
        where T : notnull
        => _cluster.Silos[0].ServiceProvider.GetRequiredService<T>();

    /// <summary>Starts a silo on <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The SQLite file (created when missing).</param>
    /// <param name="clock">The clock of grains, timers and reminders.</param>
    /// <param name="vendor">The trusted vendor key.</param>
    /// <param name="configure">Changes the licensing options (lease sweep every 5 s by default).</param>
    /// <param name="configureSilo">Changes the silo further (after the grains and the storage are added).</param>
    public static async Task<LicenseSilo> StartAsync(
        string databasePath,
        ManualClock clock,
        VendorKeyPair vendor,
        Action<LicensingOptions>? configure = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(1);

        // One service id for every cluster on a file: grain state is stored under it.
        builder.Options.ServiceId = "olic-grain-tests";
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, new ReminderClock(clock));

            // Every reminder stays loaded and waits on the manual clock, so a jump of months reaches it directly
            // (by default Orleans loads a reminder only 10 minutes before it is due, on a periodic table refresh).
            silo.Services.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(36500));
            silo.Services.Configure<SiloCallCredentialOptions>(o => o.Secret = SiloSecret);
            silo.Services.AddSingleton<IIssuedSessionIds>(IssuedSessionIds.Every);
            silo.AddLicenseGrains(o =>
            {
                o.TrustedKeys.Add(vendor.ExportPublicKeyPem());
                o.ServerId = "server-1";
                o.ClusterId = "cluster-1";
                o.LeaseSweepInterval = TimeSpan.FromSeconds(5);
                configure?.Invoke(o);
            });
            silo.AddSqliteLicenseStorage(o =>
            {
                o.DataSource = databasePath;

                // Crashes here are simulated in process: no power loss to survive, and fsyncs would only slow the tests.
                o.Synchronous = SqliteSynchronous.Off;
            });
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.Services.AddLicenseSerialization());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new LicenseSilo(cluster, clock, vendor);
    }

    public string Issue(string id, string product, IEnumerable<(string Name, int Seats)> features, LicenseFlags? flags = null, DateTimeOffset? expires = null, VendorKeyPair? key = null)
        => LicenseIssuer.Issue(
            new LicenseDocument(
                id,
                product,
                LicenseEdition.Standard,
                Clock.GetUtcNow().AddDays(-1),
                expires,
                flags ?? LicenseFlags.None,
                [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))],
                LicenseBinding.None),
            key ?? Vendor);

    public Task Import(string id, string product, params (string Name, int Seats)[] features)
        => Grains.GetGrain<ILicenseGrain>(id).Import(Issue(id, product, features), CancellationToken.None);

    public Task<LoginResult> Login(string sessionId, string product, params (string Name, int Count)[] features)
        => LoginQueued(sessionId, product, queueSeconds: 0, features);

    public Task<LoginResult> LoginQueued(string sessionId, string product, int queueSeconds, params (string Name, int Count)[] features)
        => Logins.Login(
            sessionId,
            new LoginCommand(product, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], new ClientInfo("ann", "ws-1", "cad.exe", null), "127.0.0.1", IsLoopback: true, queueSeconds),
            CancellationToken.None);

    public async Task<int> Used(string licenseId, string feature)
    {
        var view = await Grains.GetGrain<ILicenseGrain>(licenseId).Get(CancellationToken.None);
        return view!.Features.Single(f => f.Name == feature).Used;
    }

    /// <summary>Stops the silo as a crash would: no grain is deactivated, nothing more is written.</summary>
    public async Task KillAsync()
    {
        foreach (var silo in _cluster.Silos.ToList())
        {
            await _cluster.KillSiloAsync(silo);
        }

        await _cluster.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
