using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue 12 item 5: strangers are refused at the silo port. A grid's silo port takes mutual TLS with the grid
/// certificate, its gateway port server-authenticated TLS (issue #13 item 6) (made by the first silo and kept in the grid's database); on the old runtime anyone who sent the
/// cluster id could run any grain method through the silo port.
/// </summary>
public sealed class GridTlsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_silo_port_admits_the_grid_certificate_and_refuses_plaintext_no_certificate_and_a_stranger_and_the_gateway_speaks_only_TLS()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 1, ct);
        var silo = cluster.Silos[0]!;
        var grid = await GridCertificateAsync(cluster.ConnectionString, ct);
        var stranger = GridCertificate.Create(DateTimeOffset.UtcNow);

        // The grid's own certificate: the handshake completes both ways.
        await using (var admitted = await HandshakeAsync(silo.SiloPort, grid.Certificate, ct))
        {
            Assert.True(admitted.IsMutuallyAuthenticated);
            Assert.True(grid.IsSameAs(admitted.RemoteCertificate));
        }

        // Without a certificate, or with another one, the silo ends the connection: the handshake or the first read fails.
        Assert.True(await IsRefusedAsync(silo.SiloPort, null, ct), "a client without a certificate was admitted to the silo port");
        Assert.True(await IsRefusedAsync(silo.SiloPort, stranger.Certificate, ct), "a stranger's certificate was admitted to the silo port");

        // The gateway port is TLS too, but for clients (issue #13 item 6; OrleansGatewayTlsTests): it presents the grid
        // certificate and asks none of them, so plaintext is what it refuses.
        Assert.True(await PlaintextIsDroppedAsync(silo.GatewayPort, ct), "the gateway port answered plaintext");
        await using (var client = await HandshakeAsync(silo.GatewayPort, null, ct))
        {
            Assert.True(grid.IsSameAs(client.RemoteCertificate));
        }
        Assert.True(await PlaintextIsDroppedAsync(silo.SiloPort, ct), "the silo port answered plaintext");

        // And the silo still serves.
        using var health = await silo.Http.GetAsync("/healthz", ct);
        Assert.True(health.IsSuccessStatusCode);
    }

    private static async Task<GridCertificate> GridCertificateAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand("SELECT certificate_pem, key_pem FROM olic_grid_certificate WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct), "the first silo stored no grid certificate");
        return GridCertificate.FromPem(reader.GetString(0), reader.GetString(1));
    }

    private static async Task<SslStream> HandshakeAsync(int port, X509Certificate2? certificate, CancellationToken ct)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, ct);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = GridCertificate.HostName,
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            deadline.Token);
        return tls;
    }

    // In TLS 1.3 the server judges the client's certificate after the client considers the handshake done, so the
    // refusal may arrive as an alert on the first read rather than during the handshake.
    private static async Task<bool> IsRefusedAsync(int port, X509Certificate2? certificate, CancellationToken ct)
    {
        try
        {
            await using var tls = await HandshakeAsync(port, certificate, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            var read = await tls.ReadAsync(new byte[16], deadline.Token);
            return read == 0;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return true;
        }
    }

    private static async Task<bool> PlaintextIsDroppedAsync(int port, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, ct);
        var stream = tcp.GetStream();
        try
        {
            // What a plaintext Orleans peer sends first: a length-prefixed preamble.
            await stream.WriteAsync(new byte[] { 16, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            var answer = new byte[16];
            var read = await stream.ReadAsync(answer, deadline.Token);

            // Nothing, or a TLS alert record (content type 21): no Orleans answer either way.
            return read == 0 || answer[0] == 21;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
    }
}
