using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;

namespace OrleansLicense.Storage.Sqlite.Tests.Silo;

/// <summary>
/// One real Orleans silo (localhost clustering on free ports below 32768, never Orleans' defaults)
/// with the SQLite license storage on a given file. Disposing stops it and closes the file.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo on <paramref name="dataSource"/>.</summary>
    public static async Task<TestSilo> StartAsync(string dataSource, Action<ISiloBuilder>? configure = null)
    {
        var (siloPort, gatewayPort) = FreePorts();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, null, "olic-sqlite-tests", "olic-sqlite-tests");
            silo.AddSqliteLicenseStorage(o => o.DataSource = dataSource);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    private static (int Silo, int Gateway) FreePorts()
    {
        // Random ports below 32768 (Linux hands out ephemeral ports above it), checked free on loopback.
        var ports = new List<int>();
        while (ports.Count < 2)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (ports.Contains(port))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                ports.Add(port);
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        return (ports[0], ports[1]);
    }
}
