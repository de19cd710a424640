using System.Net;
using System.Net.Sockets;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Issue #15 item 1 (R-NET-1): the IPv6 setting on the built silo, by switch and by <c>olic settings set --ipv6</c>.</summary>
public sealed class IPv6Tests() : ProcessWalk("olic-ipv6")
{
    [Fact]
    public async Task By_default_the_silo_listens_on_ipv4_only()
    {
        await using var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path }, Ct);

        Assert.True(await ListensAsync(IPAddress.Loopback, silo.HttpPort));
        Assert.False(await ListensAsync(IPAddress.IPv6Loopback, silo.HttpPort));
        Assert.False(await ListensAsync(IPAddress.IPv6Loopback, silo.SiloPort));
    }

    [Fact]
    public async Task With_ipv6_enable_http_answers_on_both_families()
    {
        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--ipv6", "enable"] }, Ct);

        using var v6 = new HttpClient { BaseAddress = new Uri($"http://[::1]:{silo.HttpPort}") };
        using var health6 = await v6.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        using var health4 = await silo.Http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, health6.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health4.StatusCode);
    }

    [Fact]
    public async Task Olic_settings_set_ipv6_only_takes_effect_at_the_next_start()
    {
        var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path }, Ct);
        int httpPort = silo.HttpPort, siloPort = silo.SiloPort, gatewayPort = silo.GatewayPort;
        try
        {
            var set = await Olic.RunOkAsync(Work.Path, "settings", "set", "--ipv6", "only");
            Assert.Contains("IPv6: only from the silo's next start (it runs with disable now)", set.Output, StringComparison.Ordinal);

            // Still IPv4 until the restart.
            Assert.False(await ListensAsync(IPAddress.IPv6Loopback, httpPort));
        }
        finally
        {
            await silo.DisposeAsync();
        }

        // The same switches, but --listen ::1: the data folder's network.json says "only", and 127.0.0.1 would not be allowed.
        await using var again = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, ListenHost = "::1", HttpPort = httpPort, SiloPort = siloPort, GatewayPort = gatewayPort },
            Ct);

        Assert.True(await ListensAsync(IPAddress.IPv6Loopback, httpPort));
        Assert.False(await ListensAsync(IPAddress.Loopback, httpPort));
        Assert.True(await ListensAsync(IPAddress.IPv6Loopback, siloPort));
        Assert.False(await ListensAsync(IPAddress.Loopback, siloPort));
        Assert.Equal($"http://[::1]:{httpPort}", (await File.ReadAllTextAsync(Path.Combine(Data, "endpoint"), Ct)).Trim());

        // olic finds the silo at [::1] through the endpoint file.
        var status = await Olic.RunOkAsync(Work.Path, "status");
        Assert.Contains("[::1]", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_only_with_an_ipv4_listen_address_stops_start_up_naming_both_settings()
    {
        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--ipv6", "only"] });

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.Contains("Silo:ListenAddress (--listen) is 127.0.0.1, but Network:IPv6 (--ipv6) is only: give an IPv6 address.", silo.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> ListensAsync(IPAddress address, int port)
    {
        using var tcp = new TcpClient(address.AddressFamily);
        try
        {
            await tcp.ConnectAsync(address, port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
