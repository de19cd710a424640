using System.Net;
using System.Net.Http.Headers;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Network;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Issue #15 item 2 (R-NET-2): HTTPS from <c>ssl_key.pem</c> in the data folder, and a bad file stopping start-up.</summary>
public sealed class HttpsTests() : ProcessWalk("olic-https")
{
    [Fact]
    public async Task With_ssl_key_pem_the_silo_serves_https_on_the_https_port_and_olic_uses_it()
    {
        Directory.CreateDirectory(Data);
        var (pem, certificate) = TestPem.Create();
        await File.WriteAllTextAsync(Path.Combine(Data, "ssl_key.pem"), pem, Ct);
        var certificateFile = Work.File("server.crt.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem(), Ct);
        var httpsPort = FreePort.Next();

        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--https-port", httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            Ct);

        // The client trusts exactly this certificate (it is self-signed).
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}") };
        using var health = await https.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", silo.AdminToken);
        using var status = await https.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        // Plain HTTP stays on its own port.
        using var plain = await silo.Http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        // olic given an https:// server: .NET on Linux takes its trusted roots from SSL_CERT_FILE.
        var olic = await Olic.RunAsync(
            Work.Path,
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = certificateFile },
            "status", "--server", $"https://127.0.0.1:{httpsPort}", "--token", silo.AdminToken);
        Assert.True(olic.ExitCode == 0, olic.ToString());
    }

    [Fact]
    public async Task Without_ssl_key_pem_there_is_no_https_listener()
    {
        var httpsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(
            new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--https-port", httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            Ct);

        using var tcp = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(async () => await tcp.ConnectAsync(IPAddress.Loopback, httpsPort, Ct));
        Assert.DoesNotContain("https://", silo.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("malformed", "is malformed: its certificate cannot be read")]
    [InlineData("expired", "holds a certificate that expired on")]
    [InlineData("mismatched", "holds a private key that does not match its certificate")]
    [InlineData("keyless", "holds no private key")]
    public async Task A_bad_ssl_key_pem_stops_start_up_with_one_sentence_naming_the_file_and_the_problem(string kind, string problem)
    {
        Directory.CreateDirectory(Data);
        var path = Path.Combine(Data, "ssl_key.pem");
        await File.WriteAllTextAsync(
            path,
            kind switch
            {
                "malformed" => TestPem.Malformed(),
                "expired" => TestPem.Expired(),
                "mismatched" => TestPem.Mismatched(),
                _ => TestPem.WithoutKey(),
            },
            Ct);

        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path });
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(90), Ct);

        Assert.Equal(1, exitCode);
        var line = silo.Output.Split('\n').Single(l => l.StartsWith("OrleansLicense silo cannot start:", StringComparison.Ordinal));
        Assert.Contains($"The HTTPS certificate file {path} {problem}", line, StringComparison.Ordinal);
    }
}
