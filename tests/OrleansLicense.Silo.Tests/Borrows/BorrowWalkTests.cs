using System.Net.Http.Json;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Silo.Tests.Process;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>
/// Borrowing, usage and peaks done for real: the built silo as a process and olic as processes. An offline request
/// answered with 'olic borrow offline', returned with 'olic borrow offline-return'; peaks and usage exported and
/// checked with the vendor commands; the server key survives a crash.
/// </summary>
public sealed class BorrowWalkTests : IAsyncLifetime
{
    private const string LicenseId = "OL-BORROW-0001";
    private const string Product = "acme-cad";

    private readonly TempDirectory _work = new("olic-borrow-walk");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<SiloProcess> _silos = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => _work.File("data");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _http.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Offline_borrow_return_and_the_vendor_exports_work_with_the_built_silo_and_cli()
    {
        var silo = await StartSiloAsync();
        await Olic.RunOkAsync(_work.Path, "vendor", "keygen", "--out", "vendor");
        File.Copy(_work.File("vendor/vendor.pub.pem"), Path.Combine(Data, "keys", "vendor.pub.pem"));
        await Olic.RunOkAsync(_work.Path, "vendor", "issue", "--key", "vendor/vendor.key.pem", "--product", Product, "--feature", "draw=5", "--id", LicenseId,
            "--distributable", "--usage-stats", "--forced-auth-hours", "24", "--peak-upload", "--out", "acme.lic");
        await Olic.RunOkAsync(_work.Path, "license", "import", "acme.lic");

        var machine = new OfflineFiles(Product);
        await File.WriteAllTextAsync(_work.File("request.json"), machine.RequestFile(machine.Request(DateTimeOffset.UtcNow, 24, ("draw", 2))), Ct);
        await Olic.RunOkAsync(_work.Path, "borrow", "offline", "request.json", "--out", "response.json");
        await Olic.RunOkAsync(_work.Path, "borrow", "server-key", "--out", "server.pub.pem");
        var serverKey = VendorPublicKey.FromPem(await File.ReadAllTextAsync(_work.File("server.pub.pem"), Ct));
        var certificate = BorrowCertificate.Verify(await File.ReadAllTextAsync(_work.File("response.json"), Ct), serverKey);
        Assert.Contains(certificate.BorrowId, (await Olic.RunOkAsync(_work.Path, "borrow", "list")).Output, StringComparison.Ordinal);
        var replay = await Olic.RunAsync(_work.Path, "borrow", "offline", "request.json", "--out", "again.json");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("borrow_replayed", replay.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_work.File("return.json"), machine.ReturnFile(certificate.BorrowId, DateTimeOffset.UtcNow), Ct);
        await Olic.RunOkAsync(_work.Path, "borrow", "offline-return", "return.json");
        Assert.DoesNotContain(certificate.BorrowId, (await Olic.RunOkAsync(_work.Path, "borrow", "list")).Output, StringComparison.Ordinal);

        using (var login = await _http.PostAsJsonAsync($"{silo.BaseUrl}/api/v1/sessions", new Contracts.Sessions.LoginRequest(Product, [new("draw", 3)], new("ann", "ws-1", "cad.exe", "fp-ws-1")), Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, login.StatusCode);
        }

        await Olic.RunOkAsync(_work.Path, "peaks", "export", LicenseId, "--out", "peaks.log");
        var peaks = await Olic.RunOkAsync(_work.Path, "vendor", "verify-peaks", "peaks.log", "--server-key", "server.pub.pem");
        Assert.Contains($"Valid peak log of license {LicenseId}", peaks.Output, StringComparison.Ordinal);
        Assert.Contains("draw:3", peaks.Output, StringComparison.Ordinal);
        Assert.StartsWith($"#type:userPeakLog sn:{LicenseId} time:", await File.ReadAllTextAsync(_work.File("peaks.log"), Ct), StringComparison.Ordinal);

        await Olic.RunOkAsync(_work.Path, "usage", "export", LicenseId, "--out", "usage.log");
        var usage = await Olic.RunOkAsync(_work.Path, "vendor", "verify-usage", "usage.log", "--key", "vendor/vendor.key.pem", "--server-key", "server.pub.pem");
        Assert.Contains($"Valid usage export of license {LicenseId}", usage.Output, StringComparison.Ordinal);
        Assert.Contains("fp-ws-1", usage.Output, StringComparison.Ordinal);

        var keyFile = Path.Combine(Data, "server.key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var key = await File.ReadAllTextAsync(keyFile, Ct);
        await silo.KillAsync(Ct);
        await StartSiloAsync();
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile, Ct));
        Assert.Contains(serverKey.KeyId, (await Olic.RunOkAsync(_work.Path, "borrow", "server-key")).Output, StringComparison.Ordinal);
    }

    private async Task<SiloProcess> StartSiloAsync()
    {
        var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = _work.Path }, Ct);
        _silos.Add(silo);
        return silo;
    }
}
