using Orleans.Connections.Security;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Silo.Hosting.GridTls;

/// <summary>
/// Mutual TLS on the silo port and the Orleans gateway of a grid (issue 12 item 5): each side presents the grid
/// certificate and admits only a peer that presents the same one. Orleans' one set of TLS options covers both ports,
/// so an Orleans client needs the grid certificate too.
/// </summary>
internal static class GridTlsSiloBuilderExtensions
{
    /// <summary>Adds the certificate loader and Orleans' TLS connection middleware.</summary>
    public static ISiloBuilder AddGridTls(this ISiloBuilder silo)
    {
        var holder = new GridCertificateHolder();
        silo.Services.AddSingleton(holder);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GridCertificateLoader>();
        return silo.UseTls(options =>
        {
            options.LocalServerCertificateSelector = (_, _) => holder.Local;
            options.LocalClientCertificateSelector = (_, _, _, _, _) => holder.Local;
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;

            // Outbound, the certificate comes from the selector; "Require" here would make Orleans insist on a
            // certificate fixed when the host is built (LocalCertificate), which the database cannot give yet.
            options.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;

            // Self-signed, so the chain never builds: the peer is judged by being exactly the grid certificate.
            options.RemoteCertificateValidation = (certificate, _, _) => holder.Admits(certificate);
            options.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = GridCertificate.HostName;
            options.HandshakeTimeout = TimeSpan.FromSeconds(5);
        });
    }
}
