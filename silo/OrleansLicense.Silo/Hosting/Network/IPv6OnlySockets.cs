using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>
/// With <c>Network:IPv6=only</c>, Kestrel's <c>[::]</c> listeners take IPv6 connections only: Kestrel makes a wildcard
/// IPv6 socket dual mode (IPv4 too), which "only" must not.
/// </summary>
internal sealed class IPv6OnlySockets(IOptions<NetworkOptions> network) : IConfigureOptions<SocketTransportOptions>
{
    public void Configure(SocketTransportOptions options)
    {
        if (network.Value.IPv6 != IPv6Mode.Only)
        {
            return;
        }

        options.CreateBoundListenSocket = endpoint =>
        {
            if (endpoint is not IPEndPoint ip || !ip.Address.Equals(IPAddress.IPv6Any))
            {
                return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            }

            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
            try
            {
                socket.Bind(ip);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}
