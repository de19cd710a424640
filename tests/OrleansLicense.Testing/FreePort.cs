using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace OrleansLicense.Testing;

/// <summary>
/// A free TCP port on loopback for silos and servers that tests start. Chosen at random between 10000 and 32767:
/// below the kernel's ephemeral range (32768 and up), where outgoing connections would otherwise take it between the
/// check and the bind, and away from the well-known ports other processes on these machines hold (Orleans' defaults
/// 11111 and 30000 among them).
/// </summary>
public static class FreePort
{
    private const int Lowest = 10000;
    private const int HighestExclusive = 32768;
    private static readonly int[] Taken = [11111, 30000, 8273, 8276];

    /// <summary>A port nobody listens on right now, on 127.0.0.1 and on every interface.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(Lowest, HighestExclusive);
            if (Array.IndexOf(Taken, port) < 0 && CanBind(IPAddress.Any, port) && CanBind(IPAddress.Loopback, port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port between {Lowest} and {HighestExclusive - 1} after 200 tries.");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
