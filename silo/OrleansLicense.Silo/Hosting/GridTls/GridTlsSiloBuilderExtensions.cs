using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansLicense.Licensing.Grid;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting.GridTls;

/// <summary>
/// TLS on a grid's Orleans ports, with one set of options per side (issue 12 item 5, issue #13 item 6):
/// <list type="bullet">
/// <item>the silo port takes mutual TLS: each side presents the grid certificate and admits only a peer presenting the same one;</item>
/// <item>the gateway port presents the grid certificate for clients to verify (server authentication), and asks clients for
/// a certificate only when <see cref="SiloClusterOptions.GatewayClientCertificates"/> names some (mutual TLS as an option).</item>
/// </list>
/// </summary>
internal static class GridTlsSiloBuilderExtensions
{
    /// <summary>Adds the certificate loader and Orleans' TLS connection middleware on each port.</summary>
    public static ISiloBuilder AddGridTls(this ISiloBuilder silo)
    {
        var holder = new GridCertificateHolder();
        silo.Services.AddSingleton(holder);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GridCertificateLoader>();
        silo.Services.AddOptions<SiloConnectionOptions>()
            .Configure<IOptions<SiloClusterOptions>>((connections, cluster) =>
            {
                var mutual = SiloPortOptions(holder);
                var gateway = GatewayOptions(holder, cluster.Value.GatewayClientCertificates);
                connections.ConfigureSiloInboundConnection(builder => builder.UseServerTls(mutual));
                connections.ConfigureSiloOutboundConnection(builder => builder.UseClientTls(mutual));
                connections.ConfigureGatewayInboundConnection(builder => builder.UseServerTls(gateway));
            });
        return silo;
    }

    private static TlsOptions SiloPortOptions(GridCertificateHolder holder) => new()
    {
        LocalServerCertificateSelector = (_, _) => holder.Local,
        LocalClientCertificateSelector = (_, _, _, _, _) => holder.Local,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,

        // Outbound, the certificate comes from the selector; "Require" here would make Orleans insist on a
        // certificate fixed when the host is built (LocalCertificate), which the database cannot give yet.
        ClientCertificateMode = RemoteCertificateMode.AllowCertificate,

        // Self-signed, so the chain never builds: the peer is judged by being exactly the grid certificate.
        RemoteCertificateValidation = (certificate, _, _) => holder.Admits(certificate),
        OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = GridCertificate.HostName,
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    private static TlsOptions GatewayOptions(GridCertificateHolder holder, IList<string> clientCertificates)
    {
        var admitted = clientCertificates
            .Select(c => c.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant())
            .Where(c => c.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        return new TlsOptions
        {
            LocalServerCertificateSelector = (_, _) => holder.Local,
            RemoteCertificateMode = admitted.Count > 0 ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.NoCertificate,

            // Without a list, clients are strangers by design: what they may do is limited by the client API grain.
            RemoteCertificateValidation = admitted.Count > 0
                ? (certificate, _, _) => certificate is not null && admitted.Contains(Sha256(certificate))
                : (_, _, _) => true,
            HandshakeTimeout = TimeSpan.FromSeconds(5),
        };
    }

    private static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));
}
