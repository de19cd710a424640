using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Grains.Licenses;

/// <summary>The vendor keys this server trusts: inline PEMs plus the keys folder, read anew at each use so a key dropped in the folder needs no restart.</summary>
public sealed class TrustedKeyProvider(IOptions<LicensingOptions> options)
{
    /// <summary>Loads the trusted keys now.</summary>
    /// <exception cref="FormatException">A key file or inline key is not a P-256 public key PEM.</exception>
    public TrustedKeyStore Load()
    {
        var value = options.Value;
        var keys = new List<TrustedKey>();
        foreach (var pem in value.TrustedKeys)
        {
            keys.Add(TrustedKey.FromPem(pem));
        }

        if (!string.IsNullOrWhiteSpace(value.TrustedKeysFolder) && Directory.Exists(value.TrustedKeysFolder))
        {
            keys.AddRange(TrustedKeyStore.ReadFolder(value.TrustedKeysFolder));
        }

        // The same key given twice (inline and in the folder) is one key.
        return new TrustedKeyStore(keys.DistinctBy(k => k.KeyId));
    }
}
