using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Binds Kestrel to <see cref="SiloOptions.ListenAddress"/> and 127.0.0.1 on <see cref="SiloOptions.HttpPort"/>.</summary>
internal sealed class KestrelListenSetup(IOptions<SiloOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var silo = options.Value;
        var address = IPAddress.Parse(silo.ListenAddress);
        kestrel.Listen(address, silo.HttpPort);

        // Loopback too, so the local CLI (which reads http://127.0.0.1:port from the endpoint file)
        // works whatever interface is configured; the wildcard addresses already include it.
        if (!IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            kestrel.Listen(IPAddress.Loopback, silo.HttpPort);
        }

        kestrel.Limits.MaxRequestBodySize = silo.MaxRequestBodyBytes;
        kestrel.AddServerHeader = false;
    }
}
