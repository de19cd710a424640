using System.Security.Cryptography.X509Certificates;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Silo.Hosting.GridTls;

/// <summary>
/// The grid certificate once the silo has loaded it. Orleans' TLS options are built when the host is, before
/// the database can be read, so they ask this holder on every connection instead of taking a certificate.
/// </summary>
internal sealed class GridCertificateHolder
{
    private GridCertificate? _certificate;

    /// <summary>The certificate; the silo opens no connection before <see cref="GridCertificateLoader"/> set it.</summary>
    public GridCertificate Certificate
    {
        get => _certificate ?? throw new InvalidOperationException("The grid certificate is not loaded yet.");
        set => _certificate = value;
    }

    /// <summary>This silo's certificate, for either side of a connection.</summary>
    public X509Certificate2 Local => Certificate.Certificate;

    /// <summary>True when a peer presented the grid's certificate.</summary>
    public bool Admits(X509Certificate2? remote) => _certificate is { } grid && grid.IsSameAs(remote);
}
