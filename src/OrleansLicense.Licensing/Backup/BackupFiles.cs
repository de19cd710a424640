using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Backup;

/// <summary>
/// The signed files of a backup relationship (R-BAK-2, R-BAK-3), in the envelope every signed file of the product
/// shares (<c>{"&lt;payload&gt;": {…}, "keyId", "signature"}</c>, ECDSA P-256 over the canonical payload), each
/// signed by its server's own key and naming that key inside the payload. A file that is malformed, changed after
/// signing or signed by another key than expected is refused with <see cref="InvalidCode"/>.
/// </summary>
public static class BackupFiles
{
    /// <summary>The code of a refused backup file (the API's <c>backup_file_invalid</c>).</summary>
    public const string InvalidCode = "backup_file_invalid";

    /// <summary>The format tag of a license list.</summary>
    public const string LicenseListFormat = "olic-backup-license-list/1";

    /// <summary>The format tag of a relationship data file (.bkdat).</summary>
    public const string RelationshipFormat = "olic-backup-relationship/1";

    /// <summary>The format tag of a settings export.</summary>
    public const string SettingsFormat = "olic-backup-settings/1";

    private const string LicenseListName = "backupLicenseList";
    private const string RelationshipName = "backupRelationship";
    private const string SettingsName = "backupSettings";

    /// <summary>Signs a license list with the server's key.</summary>
    public static string WriteLicenseList(BackupLicenseListContent content, VendorKeyPair serverKey) => SignedEnvelope.Write(LicenseListName, content, serverKey);

    /// <summary>Reads a license list and checks its signature (by <paramref name="pinned"/> when given, else by the key it names).</summary>
    public static BackupLicenseListContent ReadLicenseList(string text, VendorPublicKey? pinned)
        => Read<BackupLicenseListContent>(text, LicenseListName, "license list", LicenseListFormat, c => (c.Format, c.ServerKey), pinned);

    /// <summary>Signs a relationship data file with the primary's key.</summary>
    public static string WriteRelationship(BackupRelationshipContent content, VendorKeyPair primaryKey) => SignedEnvelope.Write(RelationshipName, content, primaryKey);

    /// <summary>Reads a relationship data file and checks the primary's signature.</summary>
    public static BackupRelationshipContent ReadRelationship(string text)
        => Read<BackupRelationshipContent>(text, RelationshipName, "relationship file", RelationshipFormat, c => (c.Format, c.PrimaryKey), pinned: null);

    /// <summary>Signs a settings export with the primary's key.</summary>
    public static string WriteSettings(BackupSettingsContent content, VendorKeyPair primaryKey) => SignedEnvelope.Write(SettingsName, content, primaryKey);

    /// <summary>Reads a settings export and checks that the primary's key, <paramref name="primaryKey"/>, signed it.</summary>
    public static BackupSettingsContent ReadSettings(string text, VendorPublicKey primaryKey)
        => Read<BackupSettingsContent>(text, SettingsName, "settings file", SettingsFormat, c => (c.Format, c.PrimaryKey), primaryKey);

    /// <summary>The public key of a base64 SubjectPublicKeyInfo, or a refusal naming <paramref name="what"/>.</summary>
    public static VendorPublicKey PublicKey(string base64, string what)
    {
        try
        {
            return VendorPublicKey.FromSubjectPublicKeyInfo(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            throw new SignedFileException(InvalidCode, $"The {what} is not a P-256 public key: {ex.Message}", ex);
        }
    }

    private static T Read<T>(string text, string payloadName, string what, string format, Func<T, (string Format, string Key)> fields, VendorPublicKey? pinned)
    {
        try
        {
            var envelope = SignedEnvelope.Open(text, payloadName, what);
            var content = SignedEnvelope.Read<T>(envelope, what);
            var (actualFormat, key) = fields(content);
            SignedEnvelope.Verify(envelope, key, pinned, what);
            if (actualFormat != format)
            {
                throw new SignedFileException(InvalidCode, $"The {what} format must be '{format}' (was '{actualFormat}').");
            }

            return content;
        }
        catch (SignedFileException refused) when (refused.Code != InvalidCode)
        {
            throw new SignedFileException(InvalidCode, refused.Message, refused);
        }
    }
}
