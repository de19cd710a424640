using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansLicense.Testing.Network;

/// <summary>Self-signed certificates for 127.0.0.1, ::1 and localhost as PEM text (<c>ssl_key.pem</c> files), good and bad.</summary>
public static class TestPem
{
    /// <summary>A certificate valid from a day ago until <paramref name="notAfter"/> (default: in a day), with its RSA key.</summary>
    public static (string Pem, X509Certificate2 Certificate) Create(DateTimeOffset? notAfter = null, RSA? otherKey = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-2), notAfter ?? now.AddDays(1));
        var pem = certificate.ExportCertificatePem() + "\n" + (otherKey ?? key).ExportPkcs8PrivateKeyPem() + "\n";
        return (pem, X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    /// <summary>A good certificate file.</summary>
    public static string Good() => Create().Pem;

    /// <summary>A certificate that expired an hour ago.</summary>
    public static string Expired() => Create(DateTimeOffset.UtcNow.AddHours(-1)).Pem;

    /// <summary>A certificate with another key's private key.</summary>
    public static string Mismatched()
    {
        using var other = RSA.Create(2048);
        return Create(otherKey: other).Pem;
    }

    /// <summary>PEM armour around bytes that are no certificate.</summary>
    public static string Malformed()
    {
        using var key = RSA.Create(2048);
        return "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>A certificate without its key.</summary>
    public static string WithoutKey() => Create().Certificate.ExportCertificatePem() + "\n";
}
