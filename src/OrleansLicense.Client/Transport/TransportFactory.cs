using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansLicense.Client.Addresses;

namespace OrleansLicense.Client.Transport;

/// <summary>Picks the transport the addresses ask for: Orleans gateways (<c>olic://</c>, the default) or HTTP URLs.</summary>
internal static class TransportFactory
{
    /// <summary>The transport of the grid of <see cref="LicenseClientOptions.Servers"/>.</summary>
    public static ILicenseTransport Create(LicenseClientOptions options, IReadOnlyList<Uri> servers) =>
        Create(options, servers, options.ClusterId, "CLUSTER");

    /// <summary>The transport of the backup grid's configured addresses (R-BAK-4): Orleans with
    /// <see cref="LicenseClientOptions.BackupClusterId"/> and the same TLS pins, or HTTP.</summary>
    public static ILicenseTransport CreateBackup(LicenseClientOptions options, IReadOnlyList<Uri> servers) =>
        Create(options, servers, options.BackupClusterId, "BACKUP_CLUSTER");

    /// <summary>An HTTP transport, for a partner grid learned from a login answer (its gateways are HTTP URLs).</summary>
    public static ILicenseTransport CreateHttp(Func<HttpMessageHandler>? handlerFactory, TimeSpan requestTimeout)
    {
        var handler = handlerFactory?.Invoke()
            ?? new SocketsHttpHandler { ConnectTimeout = requestTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpLicenseTransport(handler, requestTimeout);
    }

    private static ILicenseTransport Create(LicenseClientOptions options, IReadOnlyList<Uri> servers, string? clusterId, string clusterVariable)
    {
        if (servers.All(s => s.Scheme == ServerAddressParser.OrleansScheme))
        {
            clusterId ??= ServerAddressEnvironment.FindSetting(options.EnvironmentPrefix, clusterVariable, options.GetEnvironmentVariable)
                ?? "default";
            return new OrleansLicenseTransport(new OrleansConnectionSettings(servers, clusterId, options.RequestTimeout, Tls(options)));
        }

        return CreateHttp(options.HttpMessageHandlerFactory, options.RequestTimeout);
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
