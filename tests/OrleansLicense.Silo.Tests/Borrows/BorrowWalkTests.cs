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
public sealed class BorrowWalkTests() : ProcessWalk("olic-borrow-walk")
{
    private const string LicenseId = "OL-BORROW-0001";
    private const string Product = "acme-cad";

    [Fact]
    public async Task Offline_borrow_return_and_the_vendor_exports_work_with_the_built_silo_and_cli()
    {
        var silo = await StartSiloAsync();
        await Olic.RunOkAsync(Work.Path, "vendor", "keygen", "--out", "vendor");
        File.Copy(Work.File("vendor/vendor.pub.pem"), Path.Combine(Data, "keys", "vendor.pub.pem"));
        await Olic.RunOkAsync(Work.Path, "vendor", "issue", "--key", "vendor/vendor.key.pem", "--product", Product, "--feature", "draw=5", "--id", LicenseId,
            "--distributable", "--usage-stats", "--forced-auth-hours", "24", "--peak-upload", "--out", "acme.lic");
        await Olic.RunOkAsync(Work.Path, "license", "import", "acme.lic");

        var machine = new OfflineFiles(Product);
        await File.WriteAllTextAsync(Work.File("request.json"), machine.RequestFile(machine.Request(DateTimeOffset.UtcNow, 24, ("draw", 2))), Ct);
        await Olic.RunOkAsync(Work.Path, "borrow", "offline", "request.json", "--out", "response.json");
        await Olic.RunOkAsync(Work.Path, "borrow", "server-key", "--out", "server.pub.pem");
        var serverKey = VendorPublicKey.FromPem(await File.ReadAllTextAsync(Work.File("server.pub.pem"), Ct));
        var certificate = BorrowCertificate.Verify(await File.ReadAllTextAsync(Work.File("response.json"), Ct), serverKey);
        Assert.Contains(certificate.BorrowId, (await Olic.RunOkAsync(Work.Path, "borrow", "list")).Output, StringComparison.Ordinal);
        var replay = await Olic.RunAsync(Work.Path, "borrow", "offline", "request.json", "--out", "again.json");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("borrow_replayed", replay.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Work.File("return.json"), machine.ReturnFile(certificate.BorrowId, DateTimeOffset.UtcNow), Ct);
        await Olic.RunOkAsync(Work.Path, "borrow", "offline-return", "return.json");
        Assert.DoesNotContain(certificate.BorrowId, (await Olic.RunOkAsync(Work.Path, "borrow", "list")).Output, StringComparison.Ordinal);

        using (var login = await Http.PostAsJsonAsync($"{silo.BaseUrl}/api/v1/sessions", new Contracts.Sessions.LoginRequest(Product, [new("draw", 3)], new("ann", "ws-1", "cad.exe", "fp-ws-1")), Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, login.StatusCode);
        }

        await Olic.RunOkAsync(Work.Path, "peaks", "export", LicenseId, "--out", "peaks.log");
        var peaks = await Olic.RunOkAsync(Work.Path, "vendor", "verify-peaks", "peaks.log", "--server-key", "server.pub.pem");
        Assert.Contains($"Valid peak log of license {LicenseId}", peaks.Output, StringComparison.Ordinal);
        Assert.Contains("draw:3", peaks.Output, StringComparison.Ordinal);
        Assert.StartsWith($"#type:userPeakLog sn:{LicenseId} time:", await File.ReadAllTextAsync(Work.File("peaks.log"), Ct), StringComparison.Ordinal);

        await Olic.RunOkAsync(Work.Path, "usage", "export", LicenseId, "--out", "usage.log");
        var usage = await Olic.RunOkAsync(Work.Path, "vendor", "verify-usage", "usage.log", "--key", "vendor/vendor.key.pem", "--server-key", "server.pub.pem");
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
        Assert.Contains(serverKey.KeyId, (await Olic.RunOkAsync(Work.Path, "borrow", "server-key")).Output, StringComparison.Ordinal);
    }
}
