using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Hosting;

/// <summary>This silo's URLs: the local one for tools on this machine, and the ones handed to clients.</summary>
internal sealed class SiloUrls(IOptions<SiloOptions> options, IOptions<NetworkOptions> network)
{
    private volatile string? _local;

    /// <summary>The loopback URL the local CLI uses (the <c>endpoint</c> file), once the server is bound: 127.0.0.1, or [::1] with IPv6 only.</summary>
    public string LocalUrl => _local ?? Local(options.Value.HttpPort);

    /// <summary>Records the port the server actually bound.</summary>
    public void SetBoundPort(int port) => _local = Local(port);

    private string Local(int port)
        => string.Create(CultureInfo.InvariantCulture, $"http://{ListenAddresses.UrlHost(ListenAddresses.Loopback(network.Value.IPv6))}:{port}");

    /// <summary>
    /// The gateway URLs for clients: <see cref="SiloOptions.AdvertisedUrls"/> when configured, else
    /// the URL this client used to reach us, which is the one address known to work for it.
    /// </summary>
    public IReadOnlyList<string> Gateways(HttpRequest request)
    {
        var advertised = options.Value.AdvertisedUrls;
        return advertised.Count > 0
            ? [.. advertised.Select(u => u.TrimEnd('/'))]
            : [$"{request.Scheme}://{request.Host.Value}"];
    }
}
