using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Sqlite;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>A real single silo with the license grains on a SQLite file, a manual clock and one trusted vendor key.</summary>
internal sealed class LicenseSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private LicenseSilo(IHost host, ManualClock clock, VendorKeyPair vendor)
    {
        _host = host;
        Clock = clock;
        Vendor = vendor;
    }

    public ManualClock Clock { get; }

    public VendorKeyPair Vendor { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<LicenseSilo> StartAsync(string databasePath, ManualClock clock, VendorKeyPair vendor)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddOrleansLicenseRuntime(runtime => runtime.AddLicenseGrains(o =>
        {
            o.TrustedKeys.Add(vendor.ExportPublicKeyPem());
            o.ServerId = "server-1";
            o.ClusterId = "cluster-1";
            o.LeaseSweepInterval = TimeSpan.FromSeconds(5);
        }));
        builder.Services.AddSqliteStorage(o => o.DataSource = databasePath);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new LicenseSilo(host, clock, vendor);
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
        => Grains.GetGrain<ISessionGrain>(sessionId).Login(
            new LoginCommand(product, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], new ClientInfo("ann", "ws-1", "cad.exe", null), "127.0.0.1", IsLoopback: true, queueSeconds),
            CancellationToken.None);

    public async Task<int> Used(string licenseId, string feature)
    {
        var view = await Grains.GetGrain<ILicenseGrain>(licenseId).Get(CancellationToken.None);
        return view!.Features.Single(f => f.Name == feature).Used;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
