using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting.Network;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// Binds Kestrel's HTTP listeners on <see cref="SiloOptions.HttpPort"/> and, when the data folder holds
/// <c>ssl_key.pem</c>, HTTPS listeners on <see cref="NetworkOptions.HttpsPort"/>: at <see cref="SiloOptions.ListenAddress"/>
/// and loopback, in the families <see cref="NetworkOptions.IPv6"/> allows.
/// </summary>
internal sealed class KestrelListenSetup(IOptions<SiloOptions> options, IOptions<NetworkOptions> network, DataFolder folder, TimeProvider time)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var silo = options.Value;
        var settings = network.Value;

        // Read here, when the server starts: a bad file stops start-up with its own sentence (SslKeyFile).
        var certificate = SslKeyFile.Load(folder, time.GetUtcNow());
        foreach (var address in ListenAddresses.For(IPAddress.Parse(silo.ListenAddress), settings.IPv6))
        {
            kestrel.Listen(address, silo.HttpPort);
            if (certificate is not null)
            {
                kestrel.Listen(address, settings.HttpsPort, listen => listen.UseHttps(certificate));
            }
        }

        kestrel.Limits.MaxRequestBodySize = silo.MaxRequestBodyBytes;
        kestrel.AddServerHeader = false;
    }
}
