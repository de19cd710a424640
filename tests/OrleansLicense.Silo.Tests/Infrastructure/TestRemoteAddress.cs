using System.Net;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>
/// The in-process test server has no real connection, so its remote address is null. A request may
/// name the address the silo should see in this header (test hosts only); without it the request
/// comes from 127.0.0.1, like a client on the server's machine.
/// </summary>
public static class TestRemoteAddress
{
    /// <summary>The header read by <see cref="TestRemoteAddressStartupFilter"/>.</summary>
    public const string Header = "X-Test-Remote-Address";

    /// <summary>An address that is not this machine (TEST-NET-1).</summary>
    public static readonly IPAddress Remote = IPAddress.Parse("192.0.2.10");
}
