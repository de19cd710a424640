using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Tests.Borrowing;
using OrleansLicense.Licensing.Usage;

namespace OrleansLicense.Licensing.Tests.Usage;

/// <summary>R-USE-2: the usage export is encrypted to the vendor key and signed by the server key.</summary>
public sealed class UsageExportTests
{
    private static readonly VendorKeyPair Vendor = VendorKeyPair.Generate();
    private static readonly VendorKeyPair Server = VendorKeyPair.Generate();

    private static readonly UsageReport Report = new(
        "SN-1",
        "acme-cad",
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        [new UsageReportClient("fp-secret-client", "ann", "ws-1", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero), 3, [new UsageReportFeature("draw", 12, 86400)])]);

    [Fact]
    public void The_vendor_decrypts_what_the_server_signed()
    {
        var file = UsageExportFile.Write(Report, Vendor.PublicKey, Server);

        var opened = UsageExportFile.Read(file, Vendor, Server.PublicKey);

        Assert.DoesNotContain("fp-secret-client", file, StringComparison.Ordinal);
        Assert.Equal(Server.KeyId, opened.ServerKeyId);
        Assert.Equal(Report.LicenseId, opened.Report.LicenseId);
        Assert.Equal(Report.Clients[0].Features, opened.Report.Clients[0].Features);
        Assert.Equal(Report.Clients[0] with { Features = [] }, opened.Report.Clients[0] with { Features = [] });
    }

    [Fact]
    public void Another_vendor_key_or_another_server_key_is_refused()
    {
        var file = UsageExportFile.Write(Report, Vendor.PublicKey, Server);

        var otherVendor = Assert.Throws<SignedFileException>(() => UsageExportFile.Read(file, VendorKeyPair.Generate(), null));
        var otherServer = Assert.Throws<SignedFileException>(() => UsageExportFile.Read(file, Vendor, VendorKeyPair.Generate().PublicKey));

        Assert.Contains("encrypted to vendor key", otherVendor.Message, StringComparison.Ordinal);
        Assert.Equal(SignedFileErrorCodes.Invalid, otherServer.Code);
    }

    [Fact]
    public void Every_single_byte_change_is_refused()
    {
        var file = UsageExportFile.Write(Report, Vendor.PublicKey, Server);

        Assert.Empty(FileTamper.AcceptedChanges(file, text => UsageExportFile.Read(text, Vendor, null)));
    }
}
