using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Dashboard.Tests.Infrastructure;

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

    /// <summary>A signed license file for <paramref name="product"/>, valid from yesterday.</summary>
    public string Issue(string product, params (string Name, int Seats)[] features)
    {
        var document = new LicenseDocument(
            $"OL-{Guid.NewGuid():N}"[..16].ToUpperInvariant(),
            product,
            LicenseEdition.Standard,
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(365),
            LicenseFlags.None with { Borrowable = true },
            [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))],
            LicenseBinding.None);
        return LicenseIssuer.Issue(document, Key);
    }
}
