using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Testing;

/// <summary>A free TCP port on loopback, for silos and servers that tests start.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
