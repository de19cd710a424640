using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Runtime.Tests.Support;

/// <summary>A free TCP port on loopback.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
