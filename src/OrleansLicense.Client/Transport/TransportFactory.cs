using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansLicense.Client.Addresses;

namespace OrleansLicense.Client.Transport;

/// <summary>Picks the transport the addresses ask for: Orleans gateways (<c>olic://</c>, the default) or HTTP URLs.</summary>
internal static class TransportFactory
{
    public static ILicenseTransport Create(LicenseClientOptions options, IReadOnlyList<Uri> servers)
    {
        if (servers.All(s => s.Scheme == ServerAddressParser.OrleansScheme))
        {
            return new OrleansLicenseTransport(new OrleansConnectionSettings(servers, options.ClusterId, options.RequestTimeout, Tls(options)));
        }

        var handler = options.HttpMessageHandlerFactory?.Invoke()
            ?? new SocketsHttpHandler { ConnectTimeout = options.RequestTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpLicenseTransport(handler, options.RequestTimeout);
    }

    private static GatewayTlsSettings? Tls(LicenseClientOptions options)
    {
        var trusted = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.GatewayCertificateSha256))
        {
            foreach (var item in options.GatewayCertificateSha256.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var hex = item.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
                if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                {
                    throw new FormatException($"GatewayCertificateSha256: '{item}' is not a SHA-256 fingerprint (64 hex digits).");
                }

                trusted.Add(hex);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayCertificateFile))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(File.ReadAllText(options.GatewayCertificateFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new FormatException($"GatewayCertificateFile '{options.GatewayCertificateFile}' holds no readable PEM certificate: {e.Message}", e);
            }

            using (certificate)
            {
                trusted.Add(Convert.ToHexString(SHA256.HashData(certificate.RawData)));
            }
        }

        return trusted.Count == 0 ? null : new GatewayTlsSettings(trusted, options.ClientCertificate);
    }
}
