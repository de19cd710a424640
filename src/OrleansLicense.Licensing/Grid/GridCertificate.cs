using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansLicense.Licensing.Grid;

/// <summary>
/// The grid certificate: one self-signed ECDSA P-256 certificate and key that every silo of a grid holds and
/// presents on silo-to-silo connections (mutual TLS). A peer is admitted only when it presents exactly this
/// certificate, so a process without it can neither join the grid nor call into it.
/// </summary>
public sealed class GridCertificate
{
    /// <summary>The name the certificate is issued to; silos ask for it when they connect to each other.</summary>
    public const string HostName = "orleanslicense-grid";

    private GridCertificate(string certificatePem, string keyPem, X509Certificate2 certificate)
    {
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        Certificate = certificate;
    }

    /// <summary>The certificate, PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>The private key, PEM (PKCS#8).</summary>
    public string KeyPem { get; }

    /// <summary>The certificate with its private key, ready for TLS.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The SHA-256 thumbprint peers are compared by.</summary>
    public string Thumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Makes a new grid certificate, valid for <paramref name="years"/> years from <paramref name="now"/>.</summary>
    public static GridCertificate Create(DateTimeOffset now, int years = 20)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={HostName}, O=OrleansLicense grid", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(years));
        return FromPem(made.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Reads a grid certificate from PEM text.</summary>
    /// <exception cref="CryptographicException">The PEM is malformed or the key does not match the certificate.</exception>
    public static GridCertificate FromPem(string certificatePem, string keyPem)
    {
        using var loaded = X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // Re-imported: on Linux, SslStream cannot use a certificate whose key is ephemeral (as CreateFromPem makes it).
        var usable = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), password: null);
        return new GridCertificate(certificatePem, keyPem, usable);
    }

    /// <summary>True when <paramref name="remote"/> is this grid's certificate.</summary>
    public bool IsSameAs(X509Certificate? remote)
        => remote is not null
            && CryptographicOperations.FixedTimeEquals(remote.GetCertHash(HashAlgorithmName.SHA256), Certificate.GetCertHash(HashAlgorithmName.SHA256));
}
