using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>A software vendor for tests: a signing key, and licenses issued with it.</summary>
public sealed class TestVendor
{
    public VendorKeyPair Key { get; } = VendorKeyPair.Generate();

    /// <summary>Puts the public key into the data folder's keys/ so the silo trusts this vendor.</summary>
    public void TrustIn(string dataFolder)
    {
        var keys = Path.Combine(dataFolder, "keys");
        Directory.CreateDirectory(keys);
        File.WriteAllText(Path.Combine(keys, $"vendor-{Key.KeyId}.pub.pem"), Key.ExportPublicKeyPem());
    }

    /// <summary>A signed license file for <paramref name="product"/>, issued a day before <paramref name="now"/>.</summary>
    public string Issue(
        string product,
        DateTimeOffset now,
        IEnumerable<(string Name, int Seats)> features,
        bool localOnly = false,
        DateTimeOffset? expires = null,
        DateTimeOffset? issuedAt = null,
        string? id = null,
        bool borrowable = false)
    {
        var document = new LicenseDocument(
            id ?? $"OL-{Guid.NewGuid():N}"[..16].ToUpperInvariant(),
            product,
            LicenseEdition.Standard,
            issuedAt ?? now.AddDays(-1),
            expires,
            LicenseFlags.None with { LocalOnly = localOnly, Borrowable = borrowable },
            [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))],
            LicenseBinding.None);
        return LicenseIssuer.Issue(document, Key);
    }
}
