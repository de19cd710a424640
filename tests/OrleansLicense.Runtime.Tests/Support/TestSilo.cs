using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Sqlite;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Support;

/// <summary>A real single silo in process: the runtime on a SQLite file, with the test grains and a probe.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public Probe Probe => Services.GetRequiredService<Probe>();

    public SiloRuntime Runtime => Services.GetRequiredService<SiloRuntime>();

    public static async Task<TestSilo> StartAsync(string databasePath, TimeProvider? clock = null, Action<RuntimeOptions>? configure = null, Probe? probe = null, Action<OrleansLicense.Runtime.Cluster.ClusterOptions>? cluster = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("OLIC_TEST_LOG") == "1")
        {
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddSingleton(probe ?? new Probe());
        builder.Services.AddSingleton(clock ?? new ManualClock());
        builder.Services.AddOrleansLicenseRuntime(runtime => runtime.AddGrains(typeof(TestSilo).Assembly));
        builder.Services.Configure<RuntimeOptions>(options => configure?.Invoke(options));
        builder.Services.Configure<OrleansLicense.Runtime.Cluster.ClusterOptions>(options => cluster?.Invoke(options));
        builder.Services.AddSqliteStorage(options => options.DataSource = databasePath);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
