using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Storage.Postgres;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// What the silo process checks before it starts Orleans and Kestrel (issue #14 item 14): the data folder is its
/// own (locked), a grid's connection string is usable, and its ports are free. A port found busy once Orleans has started costs a page of stop-time
/// stack traces from every component; found here, it costs one sentence.
/// </summary>
internal static class StartupPreflight
{
    /// <summary>Takes the data folder's lock and probes every port the silo will listen on.</summary>
    /// <exception cref="SiloStartupException">The folder is in use, or a port is held by another program.</exception>
    public static void Run(IServiceProvider services)
    {
        _ = services.GetRequiredService<DataFolder>();

        // The grid's connection string is checked here, not when Orleans first opens the pool in the middle of its start.
        if (services.GetRequiredService<IOptions<Configuration.SiloOptions>>().Value.IsGrid)
        {
            _ = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
        }
        foreach (var (endpoint, what, flag) in Listeners(services))
        {
            Probe(endpoint, what, flag);
        }
    }

    /// <summary>Every socket the silo opens: HTTP (and 127.0.0.1 beside another address), Orleans' silo and gateway ports.</summary>
    private static IEnumerable<(IPEndPoint Endpoint, string What, string Flag)> Listeners(IServiceProvider services)
    {
        var silo = services.GetRequiredService<IOptions<Configuration.SiloOptions>>().Value;
        var http = IPAddress.Parse(silo.ListenAddress);
        yield return (new IPEndPoint(http, silo.HttpPort), "HTTP", "--port");
        if (!IPAddress.IsLoopback(http) && !http.Equals(IPAddress.Any) && !http.Equals(IPAddress.IPv6Any))
        {
            yield return (new IPEndPoint(IPAddress.Loopback, silo.HttpPort), "HTTP", "--port");
        }

        var orleans = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        yield return (orleans.SiloListeningEndpoint ?? new IPEndPoint(orleans.AdvertisedIPAddress, orleans.SiloPort), "Orleans silo", "--silo-port");
        yield return (orleans.GatewayListeningEndpoint ?? new IPEndPoint(orleans.AdvertisedIPAddress, orleans.GatewayPort), "Orleans gateway", "--gateway-port");
    }

    private static void Probe(IPEndPoint endpoint, string what, string flag)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new SiloStartupException($"The {what} port {endpoint.Port} ({endpoint}) is in use by another program; start the silo with another {flag} N.", ex);
        }
    }
}
