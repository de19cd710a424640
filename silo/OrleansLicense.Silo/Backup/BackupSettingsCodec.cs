using OrleansLicense.Grains.Access;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Licensing.Backup;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Cluster;

namespace OrleansLicense.Silo.Backup;

/// <summary>The primary's settings as a file signed by this server's key, and back (R-BAK-2).</summary>
internal sealed class BackupSettingsCodec(ServerSigningKey key, GatewayList gateways)
{
    /// <summary>This server's public signing key, base64 SubjectPublicKeyInfo.</summary>
    public string PublicKey => Convert.ToBase64String(key.Key.PublicKey.ExportSubjectPublicKeyInfo());

    /// <summary>Signs the settings.</summary>
    public string Write(SyncedSettings settings) => BackupFiles.WriteSettings(
        new BackupSettingsContent(
            BackupFiles.SettingsFormat,
            settings.RelationshipId,
            settings.Version,
            settings.ExportedAt,
            PublicKey,
            settings.ClientTimeoutSeconds,
            settings.BorrowRules,
            [.. settings.Rules.Select(r => new BackupAccessRuleEntry(r.Id, r.Allow, r.Who, r.Where))],
            [.. settings.Admins.Select(a => new BackupAdminEntry(a.Name, a.TokenHash))],
            gateways.Current()),
        key.Key);

    /// <summary>Reads settings the primary of <paramref name="relationship"/> signed.</summary>
    /// <exception cref="Licensing.Borrowing.SignedFileException">backup_file_invalid.</exception>
    public static SyncedSettings Read(string text, BackupRelationship relationship)
    {
        var content = BackupFiles.ReadSettings(text, BackupFiles.PublicKey(relationship.PartnerKey, "primary's key"));
        return new SyncedSettings(
            content.RelationshipId,
            content.Version,
            content.ClientTimeoutSeconds,
            new Dictionary<string, int>(content.BorrowRules, StringComparer.Ordinal),
            [.. content.Rules.Select(r => new AccessRule(r.Id, r.Allow, r.Who, r.Where))],
            [.. content.Admins.Select(a => new NamedAdmin(a.Name, a.TokenHash))],
            content.ExportedAt,
            content.Addresses);
    }
}
