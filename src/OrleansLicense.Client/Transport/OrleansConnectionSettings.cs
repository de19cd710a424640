using System.Security.Cryptography.X509Certificates;

namespace OrleansLicense.Client.Transport;

/// <summary>What the Orleans transport needs to connect, taken from <see cref="LicenseClientOptions"/>.</summary>
/// <param name="Gateways">The Orleans gateways (<c>olic://host:port</c>), at least one.</param>
/// <param name="ClusterId">The grid's Orleans cluster id.</param>
/// <param name="ResponseTimeout">How long one call may take (Orleans' response timeout) and the connect retry's limit.</param>
/// <param name="Tls">The gateway's TLS, or null for plaintext.</param>
internal sealed record OrleansConnectionSettings(
    IReadOnlyList<Uri> Gateways,
    string ClusterId,
    TimeSpan ResponseTimeout,
    GatewayTlsSettings? Tls);

/// <summary>TLS towards the gateway: the server certificate the client trusts, and its own for mutual TLS.</summary>
/// <param name="TrustedSha256">SHA-256 fingerprints (upper-case hex) of the certificates the gateway may present.</param>
/// <param name="ClientCertificate">The client's certificate with its key, for gateways that ask for one; or null.</param>
internal sealed record GatewayTlsSettings(IReadOnlyList<string> TrustedSha256, X509Certificate2? ClientCertificate);
