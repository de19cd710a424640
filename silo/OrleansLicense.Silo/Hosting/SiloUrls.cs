using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Hosting;

/// <summary>This silo's local URL, for tools on this machine (clients are handed <see cref="Cluster.GatewayList"/>).</summary>
internal sealed class SiloUrls(IOptions<SiloOptions> options, IOptions<NetworkOptions> network)
{
    private volatile string? _local;

    /// <summary>The loopback URL the local CLI uses (the <c>endpoint</c> file), once the server is bound: 127.0.0.1, or [::1] with IPv6 only.</summary>
    public string LocalUrl => _local ?? Local(options.Value.HttpPort);

    /// <summary>Records the port the server actually bound.</summary>
    public void SetBoundPort(int port) => _local = Local(port);

    private string Local(int port)
        => string.Create(CultureInfo.InvariantCulture, $"http://{ListenAddresses.UrlHost(ListenAddresses.Loopback(network.Value.IPv6))}:{port}");
}
