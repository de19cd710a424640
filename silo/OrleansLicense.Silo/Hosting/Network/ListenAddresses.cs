using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>Which addresses the HTTP and HTTPS listeners bind for a configured address and IPv6 mode (R-NET-1).</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// The configured address itself, with <c>0.0.0.0</c> ("every address") widened to <c>[::]</c> when IPv6 is on, plus
    /// the loopback addresses of the allowed families so that the local <c>olic</c> always finds the silo.
    /// </summary>
    public static IReadOnlyList<IPAddress> For(IPAddress configured, IPv6Mode mode)
    {
        var wildcard = configured.Equals(IPAddress.Any) || configured.Equals(IPAddress.IPv6Any);
        if (wildcard)
        {
            // [::] with dual mode takes IPv4 too (enable); an IPv6-only socket does not (only, see IPv6OnlySockets).
            return [mode == IPv6Mode.Disable ? IPAddress.Any : IPAddress.IPv6Any];
        }

        List<IPAddress> addresses = [configured];
        if (mode != IPv6Mode.Only && !configured.Equals(IPAddress.Loopback))
        {
            addresses.Add(IPAddress.Loopback);
        }

        if (mode != IPv6Mode.Disable && !configured.Equals(IPAddress.IPv6Loopback))
        {
            addresses.Add(IPAddress.IPv6Loopback);
        }

        return addresses;
    }

    /// <summary>True when <paramref name="address"/> is of a family <paramref name="mode"/> allows (wildcards count as any family).</summary>
    public static bool Allows(IPv6Mode mode, IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        return mode switch
        {
            IPv6Mode.Disable => address.AddressFamily == AddressFamily.InterNetwork,
            IPv6Mode.Only => address.AddressFamily == AddressFamily.InterNetworkV6,
            _ => true,
        };
    }

    /// <summary>The loopback address local tools use: 127.0.0.1, or ::1 when IPv6 is the only family.</summary>
    public static IPAddress Loopback(IPv6Mode mode) => mode == IPv6Mode.Only ? IPAddress.IPv6Loopback : IPAddress.Loopback;

    /// <summary>An address written into a URL: IPv6 in brackets.</summary>
    public static string UrlHost(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
