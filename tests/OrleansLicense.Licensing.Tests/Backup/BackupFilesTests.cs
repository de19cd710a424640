using OrleansLicense.Licensing.Backup;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Tests.Backup;

/// <summary>The signed files of a backup relationship (R-BAK-2, R-BAK-3): read back as written, refused when changed or signed by another key.</summary>
public sealed class BackupFilesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_license_list_reads_back_and_any_change_is_refused()
    {
        var key = VendorKeyPair.Generate();
        var text = BackupFiles.WriteLicenseList(List(key), key);

        var read = BackupFiles.ReadLicenseList(text, key.PublicKey);
        Assert.Equal(["draw", "render"], Assert.Single(read.Licenses).Features);

        var changed = Assert.Throws<SignedFileException>(() => BackupFiles.ReadLicenseList(text.Replace("render", "renderx", StringComparison.Ordinal), null));
        Assert.Equal(BackupFiles.InvalidCode, changed.Code);
    }

    [Fact]
    public void A_list_signed_by_another_server_is_refused_where_this_server_expects_its_own()
    {
        var other = VendorKeyPair.Generate();
        var text = BackupFiles.WriteLicenseList(List(other), other);

        var refused = Assert.Throws<SignedFileException>(() => BackupFiles.ReadLicenseList(text, VendorKeyPair.Generate().PublicKey));

        Assert.Equal(BackupFiles.InvalidCode, refused.Code);
    }

    [Fact]
    public void Settings_read_only_with_the_primary_key_and_a_relationship_file_carries_the_list_as_signed()
    {
        var primary = VendorKeyPair.Generate();
        var backup = VendorKeyPair.Generate();
        var settings = BackupFiles.WriteSettings(
            new BackupSettingsContent(BackupFiles.SettingsFormat, "bk-1", 7, At, Key(primary), 300, new Dictionary<string, int> { ["cad"] = 48 }, [new BackupAccessRuleEntry(1, true, "token", "any")], [], ["http://p"]),
            primary);

        Assert.Equal(7, BackupFiles.ReadSettings(settings, primary.PublicKey).Version);
        Assert.Equal(BackupFiles.InvalidCode, Assert.Throws<SignedFileException>(() => BackupFiles.ReadSettings(settings, backup.PublicKey)).Code);
        Assert.Equal(BackupFiles.InvalidCode, Assert.Throws<SignedFileException>(() => BackupFiles.ReadSettings(settings.Replace("300", "301", StringComparison.Ordinal), primary.PublicKey)).Code);

        var list = BackupFiles.WriteLicenseList(List(backup), backup);
        var relationship = BackupFiles.WriteRelationship(
            new BackupRelationshipContent(BackupFiles.RelationshipFormat, "bk-1", At, new BackupServerEntry("grid-p", "grid-p", ["http://p"]), Key(primary), list, [new BackupMappingEntry("P1", "B1", "cad")], "secret"),
            primary);
        var read = BackupFiles.ReadRelationship(relationship);
        Assert.Equal("grid-b", BackupFiles.ReadLicenseList(read.BackupList, backup.PublicKey).ServerName);
    }

    private static BackupLicenseListContent List(VendorKeyPair key)
        => new(BackupFiles.LicenseListFormat, "grid-b", "grid-b", ["http://b"], At, Key(key), [new BackupListedLicense("B1", "cad", "enterprise", "active", ["draw", "render"])]);

    private static string Key(VendorKeyPair key) => Convert.ToBase64String(key.PublicKey.ExportSubjectPublicKeyInfo());
}
