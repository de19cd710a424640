using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// Orleans' silo and gateway endpoints from <see cref="SiloClusterOptions"/>. One silo: 127.0.0.1 only, like
/// <c>UseLocalhostClustering</c>. A grid member: advertised at <see cref="SiloClusterOptions.AdvertisedHost"/>,
/// listening on every address (or <see cref="SiloClusterOptions.ListenHost"/>), like
/// <c>ConfigureEndpoints(advertisedIp, siloPort, gatewayPort, listenOnAnyHostAddress: true)</c>.
/// </summary>
internal sealed class SiloEndpointsSetup(IOptions<Configuration.SiloOptions> silo, IOptions<SiloClusterOptions> cluster) : IConfigureOptions<EndpointOptions>
{
    public void Configure(EndpointOptions options)
    {
        var settings = cluster.Value;
        options.SiloPort = settings.SiloPort;
        options.GatewayPort = settings.GatewayPort;
        if (!silo.Value.IsGrid)
        {
            options.AdvertisedIPAddress = IPAddress.Loopback;
            options.SiloListeningEndpoint = null;
            options.GatewayListeningEndpoint = null;
            return;
        }

        var advertised = Resolve(settings.AdvertisedHost);
        var listen = settings.ListenHost is { } host
            ? IPAddress.Parse(host)
            : advertised.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        options.AdvertisedIPAddress = advertised;
        options.SiloListeningEndpoint = new IPEndPoint(listen, settings.SiloPort);
        options.GatewayListeningEndpoint = new IPEndPoint(listen, settings.GatewayPort);
    }

    /// <summary>An IP address as it is, or a host name's first IPv4 address (else its first address).</summary>
    /// <exception cref="SiloStartupException">The name does not resolve.</exception>
    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new SiloStartupException($"Cluster:AdvertisedHost '{host}' resolves to no address.");
        }
        catch (SocketException ex)
        {
            throw new SiloStartupException($"Cluster:AdvertisedHost '{host}' cannot be resolved: {ex.Message}", ex);
        }
    }
}
