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
            var clusterId = options.ClusterId
                ?? ServerAddressEnvironment.FindSetting(options.EnvironmentPrefix, "CLUSTER", options.GetEnvironmentVariable)
                ?? "default";
            return new OrleansLicenseTransport(new OrleansConnectionSettings(servers, clusterId, options.RequestTimeout, Tls(options)));
        }

        var handler = options.HttpMessageHandlerFactory?.Invoke()
            ?? new SocketsHttpHandler { ConnectTimeout = options.RequestTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpLicenseTransport(handler, options.RequestTimeout);
    }

    private static GatewayTlsSettings? Tls(LicenseClientOptions options)
    {
        var trusted = new List<string>();
        var pins = options.GatewayCertificateSha256
            ?? ServerAddressEnvironment.FindSetting(options.EnvironmentPrefix, "GATEWAY_SHA256", options.GetEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(pins))
        {
            foreach (var item in pins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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

        if (trusted.Count == 0 && options.ClientCertificate is not null)
        {
            throw new ArgumentException("A client certificate is for TLS: also set GatewayCertificateSha256 or GatewayCertificateFile.", nameof(options));
        }

        return trusted.Count == 0 ? null : new GatewayTlsSettings(trusted, options.ClientCertificate);
    }
}
