using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Tests.Support;

/// <summary>Sample documents and raw file builders. Sample strings hold no space on purpose (see tamper tests).</summary>
public static class Samples
{
    public const string Product = "OrleansLicense";

    public static readonly DateTimeOffset IssuedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Expires = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A time at which <see cref="Document"/> is valid.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static LicenseDocument Document(LicenseBinding? binding = null) => new(
        Id: "SN-0001",
        Product: Product,
        Edition: LicenseEdition.Enterprise,
        IssuedAt: IssuedAt,
        Expires: Expires,
        Flags: new LicenseFlags(Borrowable: true, Distributable: false, UsageStatistics: true, PeakUpload: false, LocalOnly: false, ForcedAuthenticationHours: 8),
        Features: [new LicenseFeature("cad.core", 5), new LicenseFeature("cad-render_2", 2)],
        Binding: binding ?? LicenseBinding.None);

    /// <summary>The license JSON text of a valid document, for hand-made variants.</summary>
    public static string LicenseJsonText(LicenseDocument? document = null) =>
        Encoding.UTF8.GetString(LicenseJson.SerializeToUtf8Bytes(document ?? Document()));

    /// <summary>Signs arbitrary license JSON the way the issuer does, bypassing the issuer's validation.</summary>
    public static string SignRaw(string licenseJson, VendorKeyPair key)
    {
        var canonical = CanonicalJson.Canonicalize(licenseJson);
        return Envelope(Encoding.UTF8.GetString(canonical), key.KeyId, Convert.ToBase64String(key.CreateSigner().Sign(canonical)));
    }

    public static string Envelope(string licenseJson, string keyId, string signature) =>
        $"{{\"license\":{licenseJson},\"keyId\":{JsonSerializer.Serialize(keyId)},\"signature\":{JsonSerializer.Serialize(signature)}}}";

    public static TrustedKeyStore StoreOf(params VendorKeyPair[] keys) =>
        new(keys.Select(k => new TrustedKey(k.PublicKey)));
}
