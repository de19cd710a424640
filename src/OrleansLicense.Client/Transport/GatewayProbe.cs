using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Client.Transport;

/// <summary>
/// After a failed connection, asks the first gateway whether it speaks TLS, so the error can say what is wrong
/// (a plaintext client at a TLS gateway, or a certificate other than the pinned one) instead of "cannot connect".
/// </summary>
internal static class GatewayProbe
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    /// <summary>The SHA-256 fingerprint of the certificate the gateway presents, or null when it completes no TLS handshake.</summary>
    public static async Task<string?> TlsCertificateAsync(Uri gateway, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(gateway.IdnHost, gateway.Port, deadline.Token).ConfigureAwait(false);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            string? fingerprint = null;
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = GridCertificate.HostName,

                    // Only looking: record what the gateway presents and go no further.
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        fingerprint = certificate is null ? null : Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
                        return true;
                    },
                },
                deadline.Token).ConfigureAwait(false);
            return fingerprint;
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            return null;
        }
    }
}
