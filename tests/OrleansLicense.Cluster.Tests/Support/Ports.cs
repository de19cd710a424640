using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>Free loopback ports.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
