using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Sqlite;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>
/// A silo for tests whose clock moves months: the pools' lease sweeps and the runtime's own periodic work run once a
/// day instead of every few seconds, so advancing the manual clock does not fire millions of timer ticks. Stop and start it on the same file to simulate downtime.
/// </summary>
internal sealed class LongSpanSilo : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("olic-long");
    private IHost? _host;

    public ManualClock Clock { get; } = new();

    public VendorKeyPair Vendor { get; } = VendorKeyPair.Generate();

    public IGrainFactory Grains => (_host ?? throw new InvalidOperationException("Not running.")).Services.GetRequiredService<IGrainFactory>();

    public static async Task<LongSpanSilo> StartNewAsync()
    {
        var silo = new LongSpanSilo();
        await silo.StartAsync();
        return silo;
    }

    public async Task StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddOrleansLicenseRuntime(runtime => runtime.AddLicenseGrains(o =>
        {
            o.TrustedKeys.Add(Vendor.ExportPublicKeyPem());
            o.LeaseSweepInterval = TimeSpan.FromDays(1);
        }));
        builder.Services.Configure<RuntimeOptions>(o =>
        {
            o.StatisticsPeriod = TimeSpan.FromDays(1);
            o.CollectionQuantum = TimeSpan.FromDays(1);
        });
        builder.Services.AddSqliteStorage(o => o.DataSource = _dir.File("olic.db"));
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
