using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// Orleans' silo and gateway endpoints from <see cref="SiloClusterOptions"/>, in the families
/// <see cref="NetworkOptions.IPv6"/> allows (R-NET-1). One silo: loopback only (127.0.0.1, or ::1 with IPv6 only), like
/// <c>UseLocalhostClustering</c>. A grid member: advertised at <see cref="SiloClusterOptions.AdvertisedHost"/>,
/// listening on every address (or <see cref="SiloClusterOptions.ListenHost"/>), like
/// <c>ConfigureEndpoints(advertisedIp, siloPort, gatewayPort, listenOnAnyHostAddress: true)</c>; with IPv6 only it
/// listens on the advertised address, as Orleans makes a wildcard IPv6 socket take IPv4 too.
/// </summary>
internal sealed class SiloEndpointsSetup(
    IOptions<Configuration.SiloOptions> silo,
    IOptions<SiloClusterOptions> cluster,
    IOptions<NetworkOptions> network) : IConfigureOptions<EndpointOptions>
{
    public void Configure(EndpointOptions options)
    {
        var settings = cluster.Value;
        var mode = network.Value.IPv6;
        options.SiloPort = settings.SiloPort;
        options.GatewayPort = settings.GatewayPort;
        if (!silo.Value.IsGrid)
        {
            options.AdvertisedIPAddress = ListenAddresses.Loopback(mode);
            options.SiloListeningEndpoint = null;
            options.GatewayListeningEndpoint = null;
            return;
        }

        var advertised = Resolve(settings.AdvertisedHost, mode);
        var listen = settings.ListenHost is { } host
            ? IPAddress.Parse(host)
            : mode switch
            {
                IPv6Mode.Only => advertised,
                IPv6Mode.Enable => IPAddress.IPv6Any,
                _ => IPAddress.Any,
            };
        options.AdvertisedIPAddress = advertised;
        options.SiloListeningEndpoint = new IPEndPoint(listen, settings.SiloPort);
        options.GatewayListeningEndpoint = new IPEndPoint(listen, settings.GatewayPort);
    }

    /// <summary>An IP address as it is, or a host name's first address of the allowed family (IPv4 first unless IPv6 only).</summary>
    /// <exception cref="SiloStartupException">The name does not resolve to an address of an allowed family.</exception>
    private static IPAddress Resolve(string host, IPv6Mode mode)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var v4 = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            var v6 = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6);
            return mode switch
            {
                IPv6Mode.Only => v6,
                IPv6Mode.Enable => v4 ?? v6,
                _ => v4,
            } ?? throw new SiloStartupException(
                $"Cluster:AdvertisedHost '{host}' resolves to no {(mode == IPv6Mode.Only ? "IPv6" : "IPv4")} address (Network:IPv6 is {mode.ToString().ToLowerInvariant()}).");
        }
        catch (SocketException ex)
        {
            throw new SiloStartupException($"Cluster:AdvertisedHost '{host}' cannot be resolved: {ex.Message}", ex);
        }
    }
}
