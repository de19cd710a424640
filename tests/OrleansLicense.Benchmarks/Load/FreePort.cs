using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>A free TCP port on 127.0.0.1 (bound to port 0 and let go; a race with another process is possible but rare).</summary>
internal static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
