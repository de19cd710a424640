using System.Net;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>The client's network address as this server saw it.</summary>
/// <param name="Address">The address as text; null when the transport has none (in-process hosts).</param>
/// <param name="IsLoopback">True when the client is on this machine (R-LIC-5 local-only licenses).</param>
internal sealed record ClientAddress(string? Address, bool IsLoopback)
{
    /// <summary>
    /// The connection's remote address. Forwarded-for headers are deliberately ignored: any client
    /// could send one claiming to be 127.0.0.1 and pass the local-only rule. An unknown address is
    /// not loopback (fail closed).
    /// </summary>
    public static ClientAddress Of(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null)
        {
            return new ClientAddress(null, false);
        }

        // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; compare and show them as IPv4.
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        return new ClientAddress(ip.ToString(), IPAddress.IsLoopback(ip));
    }
}
