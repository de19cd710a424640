using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>
/// <c>ssl_key.pem</c> in the data folder: the HTTPS certificate and its private key in one PEM file (R-NET-2). A file
/// that cannot serve stops start-up with one sentence naming the file and what is wrong with it.
/// </summary>
internal static class SslKeyFile
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "ssl_key.pem";

    /// <summary>The file's path in <paramref name="folder"/>.</summary>
    public static string PathIn(DataFolder folder) => Path.Combine(folder.Root, FileName);

    /// <summary>The certificate with its key, or null when the data folder holds no <c>ssl_key.pem</c>.</summary>
    /// <exception cref="SiloStartupException">The file is unreadable, malformed, expired or its key is not the certificate's.</exception>
    public static X509Certificate2? Load(DataFolder folder, DateTimeOffset now)
    {
        var path = PathIn(folder);
        if (!File.Exists(path))
        {
            return null;
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Problem(path, $"cannot be read ({ex.Message})", ex);
        }

        if (!pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw Problem(path, "holds no certificate (a '-----BEGIN CERTIFICATE-----' block)");
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw Problem(path, "holds no private key (a '-----BEGIN PRIVATE KEY-----' block)");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw Problem(path, "is malformed: its certificate cannot be read", ex);
        }

        using (certificate)
        {
            if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                throw Problem(path, $"holds a certificate that expired on {certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
            }

            if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                throw Problem(path, $"holds a certificate that is not valid before {certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
            }

            return WithKey(path, certificate, pem);
        }
    }

    private static X509Certificate2 WithKey(string path, X509Certificate2 certificate, string pem)
    {
        using var rsaPublic = certificate.GetRSAPublicKey();
        using var ecPublic = rsaPublic is null ? certificate.GetECDsaPublicKey() : null;
        AsymmetricAlgorithm key = rsaPublic is not null ? RSA.Create()
            : ecPublic is not null ? ECDsa.Create()
            : throw Problem(path, "holds a certificate whose key is neither RSA nor ECDSA");
        using (key)
        {
            try
            {
                key.ImportFromPem(pem);
            }
            catch (ArgumentException ex)
            {
                // No key PEM of the certificate's algorithm, or an encrypted one.
                throw Problem(path, $"holds no unencrypted private key of the certificate's kind ({ex.Message.TrimEnd('.')})", ex);
            }
            catch (CryptographicException ex)
            {
                throw Problem(path, $"is malformed: its private key cannot be read ({ex.Message.TrimEnd('.')})", ex);
            }

            try
            {
                return key is RSA rsa ? certificate.CopyWithPrivateKey(rsa) : certificate.CopyWithPrivateKey((ECDsa)key);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                // .NET throws ArgumentException ("the provided key does not match the public key") for a wrong key.
                throw Problem(path, "holds a private key that does not match its certificate", ex);
            }
        }
    }

    private static SiloStartupException Problem(string path, string what, Exception? inner = null)
        => new($"The HTTPS certificate file {path} {what}; fix or remove it.", inner);
}
