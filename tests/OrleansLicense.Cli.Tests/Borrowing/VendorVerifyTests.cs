using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Licensing.Usage;

namespace OrleansLicense.Cli.Tests.Borrowing;

/// <summary><c>olic vendor verify-usage|verify-peaks</c> (R-USE-2, R-USE-3): valid files pass, changed or foreign ones fail with a code.</summary>
public sealed class VendorVerifyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();
    private readonly VendorKeyPair server = VendorKeyPair.Generate();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Verify_usage_decrypts_a_valid_export_and_refuses_a_changed_one()
    {
        using var keys = await VendorKeys.CreateAsync();
        var vendor = VendorKeyPair.FromPrivateKeyPem(await File.ReadAllTextAsync(keys.PrivateKeyPath, Ct));
        var report = new UsageReport("SN-1", "acme-cad", Now, [new UsageReportClient("fp-1", "ann", "ws-1", Now.AddDays(-3), Now, 4, [new UsageReportFeature("draw", 5, 7200)])]);
        var text = UsageExportFile.Write(report, vendor.PublicKey, server);
        var file = folder.Combine("usage.log");
        await File.WriteAllTextAsync(file, text, Ct);
        var serverKey = folder.Combine("server.pub.pem");
        await File.WriteAllTextAsync(serverKey, server.ExportPublicKeyPem(), Ct);
        var plain = folder.Combine("usage.json");

        var ok = await Olic.RunAsync("vendor", "verify-usage", file, "--key", keys.PrivateKeyPath, "--server-key", serverKey, "--out", plain);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("Valid usage export of license SN-1", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("draw:5x/7200s", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"clientId\": \"fp-1\"", await File.ReadAllTextAsync(plain, Ct), StringComparison.Ordinal);

        var changed = folder.Combine("changed.log");
        await File.WriteAllTextAsync(changed, text.Replace("acme-cad", "acme-cae", StringComparison.Ordinal), Ct);
        var tampered = await Olic.RunAsync("vendor", "verify-usage", changed, "--key", keys.PrivateKeyPath);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("error: borrow_file_invalid:", tampered.Stderr, StringComparison.Ordinal);

        var otherServer = folder.Combine("other.pub.pem");
        await File.WriteAllTextAsync(otherServer, VendorKeyPair.Generate().ExportPublicKeyPem(), Ct);
        var foreign = await Olic.RunAsync("vendor", "verify-usage", file, "--key", keys.PrivateKeyPath, "--server-key", otherServer);
        Assert.Equal(1, foreign.ExitCode);
    }

    [Fact]
    public async Task Verify_usage_with_another_vendor_key_fails()
    {
        using var keys = await VendorKeys.CreateAsync();
        var text = UsageExportFile.Write(new UsageReport("SN-1", "acme-cad", Now, []), VendorKeyPair.Generate().PublicKey, server);
        var file = folder.Combine("usage.log");
        await File.WriteAllTextAsync(file, text, Ct);

        var result = await Olic.RunAsync("vendor", "verify-usage", file, "--key", keys.PrivateKeyPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("encrypted to vendor key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_peaks_shows_the_days_of_a_valid_log_and_refuses_a_changed_one()
    {
        var text = PeakLog.Write(
            "SN-1",
            Now,
            [new PeakDay(new DateOnly(2026, 1, 3), 2, new Dictionary<string, int> { ["draw"] = 3 }), new PeakDay(new DateOnly(2026, 1, 4), 0, new Dictionary<string, int>())],
            server);
        var file = folder.Combine("peaks.log");
        await File.WriteAllTextAsync(file, text, Ct);

        var ok = await Olic.RunAsync("vendor", "verify-peaks", file);
        var changedFile = folder.Combine("changed.log");
        await File.WriteAllTextAsync(changedFile, text.Replace("\"draw\": 3", "\"draw\": 2", StringComparison.Ordinal), Ct);
        var changed = await Olic.RunAsync("vendor", "verify-peaks", changedFile);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains($"Valid peak log of license SN-1, exported 2026-01-05 08:00:00Z, signed by server key {server.KeyId}; 2 day(s).", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("draw:3", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("error: borrow_file_invalid:", changed.Stderr, StringComparison.Ordinal);
    }
}
