using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>The vendor of the load: a fresh signing key, trusted by the silos under test, and the licenses it issues.</summary>
internal sealed class BenchVendor
{
    public VendorKeyPair Key { get; } = VendorKeyPair.Generate();

    /// <summary>Puts the public key into the data folder's keys/, where the silo looks for trusted vendors.</summary>
    public void TrustIn(string dataFolder)
    {
        var keys = Path.Combine(dataFolder, "keys");
        Directory.CreateDirectory(keys);
        File.WriteAllText(Path.Combine(keys, $"bench-{Key.KeyId}.pub.pem"), Key.ExportPublicKeyPem());
    }

    /// <summary>A signed, non-expiring enterprise license of one feature, unbound unless <paramref name="binding"/> says otherwise.</summary>
    public string Issue(string id, string product, string feature, int seats, LicenseBinding? binding = null)
    {
        var document = new LicenseDocument(
            id,
            product,
            LicenseEdition.Enterprise,
            DateTimeOffset.UtcNow.AddDays(-1),
            null,
            LicenseFlags.None,
            [new LicenseFeature(feature, seats)],
            binding ?? LicenseBinding.None);
        return LicenseIssuer.Issue(document, Key);
    }
}
