using System.Net;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>Where an admin call comes from, as the access checks see it.</summary>
internal static class ClientAddress
{
    /// <summary>The caller's address with IPv4-mapped IPv6 addresses (a dual-stack listener's view of IPv4) turned back into IPv4.</summary>
    public static IPAddress? Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>
    /// True for a caller on this computer: a loopback address (127.0.0.0/8, ::1), or no IP address at all (an
    /// in-memory or Unix-socket connection, which cannot come from the network).
    /// </summary>
    public static bool IsThisComputer(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}
