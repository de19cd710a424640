using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Connections.Security;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Serialization;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Client.Transport;

/// <summary>Builds the Orleans client host the transport uses: static gateways, short deadlines, optional TLS.</summary>
internal static class OrleansClientHost
{
    /// <summary>The Orleans service id every OrleansLicense silo uses.</summary>
    public const string ServiceId = "orleans-license";

    private static readonly TimeSpan ConnectPause = TimeSpan.FromMilliseconds(250);

    public static IHost Build(OrleansConnectionSettings settings)
    {
        var endpoints = settings.Gateways.SelectMany(Resolve).Distinct().ToArray();
        var connectUntil = DateTime.UtcNow + settings.ResponseTimeout;
        return new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(endpoints);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = ServiceId;
                });

                // Orleans' 30 s would leave calls in flight at a crash hanging that long (issue #13 item 4).
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout);
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));

                // Bounded: Orleans' default keeps trying for minutes; the program should hear "unreachable" instead.
                client.UseConnectionRetryFilter(async (_, ct) =>
                {
                    if (DateTime.UtcNow + ConnectPause >= connectUntil)
                    {
                        return false;
                    }

                    await Task.Delay(ConnectPause, ct).ConfigureAwait(false);
                    return true;
                });
                client.Services.AddSerializer(s => s.AddAssembly(typeof(IClientGatewayGrain).Assembly));
                client.Services.AddLicenseSerialization();
                if (settings.Tls is { } tls)
                {
                    client.UseTls(options => ConfigureTls(options, tls));
                }
            })
            .Build();
    }

    private static void ConfigureTls(TlsOptions options, GatewayTlsSettings tls)
    {
        // The grid's certificate is self-signed: it is trusted by its fingerprint, not by a chain.
        options.RemoteCertificateValidation = (certificate, _, _) =>
            certificate is not null && tls.TrustedSha256.Contains(Convert.ToHexString(SHA256.HashData(certificate.RawData)), StringComparer.OrdinalIgnoreCase);
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = GridCertificate.HostName;
        options.HandshakeTimeout = TimeSpan.FromSeconds(5);
        if (tls.ClientCertificate is { } certificate)
        {
            options.LocalCertificate = certificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        }
        else
        {
            options.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
        }
    }

    // Orleans' static gateways are IP endpoints: a host name is resolved here, to every address it has.
    private static IEnumerable<IPEndPoint> Resolve(Uri gateway)
    {
        if (IPAddress.TryParse(gateway.IdnHost, out var ip))
        {
            return [new IPEndPoint(ip, gateway.Port)];
        }

        try
        {
            return Dns.GetHostAddresses(gateway.IdnHost).Select(a => new IPEndPoint(a, gateway.Port));
        }
        catch (SocketException)
        {
            // An unknown name contributes nothing; when no address is left the connect fails with a sentence.
            return [];
        }
    }
}
