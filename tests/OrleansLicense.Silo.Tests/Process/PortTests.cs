using System.Net.Sockets;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>The built silo takes Orleans' ports from <c>--silo-port</c> and <c>--gateway-port</c> (issue #12 item 3).</summary>
public sealed class PortTests() : ProcessWalk("olic-ports")
{
    [Fact]
    public async Task A_silo_started_with_silo_and_gateway_ports_listens_on_them()
    {
        // SiloProcess passes free ports below 32768 as --port, --silo-port and --gateway-port.
        var silo = await StartSiloAsync();

        Assert.NotEqual(SiloClusterOptions.DefaultSiloPort, silo.SiloPort);
        Assert.NotEqual(SiloClusterOptions.DefaultGatewayPort, silo.GatewayPort);
        Assert.True(await ListensAsync(silo.SiloPort), $"nothing listens on the silo port {silo.SiloPort}");
        Assert.True(await ListensAsync(silo.GatewayPort), $"nothing listens on the gateway port {silo.GatewayPort}");

        await silo.KillAsync(Ct);
        Assert.False(await ListensAsync(silo.SiloPort), "the silo port is still open after the silo ended");
    }

    [Fact]
    public async Task A_silo_port_equal_to_the_gateway_port_stops_the_process_with_a_clear_message()
    {
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(new SiloProcessOptions
        {
            DataFolder = Data,
            WorkingDirectory = Work.Path,
            GatewayPort = port,
            SiloPort = port,
        });

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("Cluster:SiloPort (--silo-port) and Cluster:GatewayPort (--gateway-port) must differ", silo.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
