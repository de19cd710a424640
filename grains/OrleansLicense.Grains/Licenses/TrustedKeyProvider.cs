using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Grains.Licenses;

/// <summary>
/// The vendor keys this server trusts: inline PEMs plus the keys folder, read anew at each use so a key dropped in the
/// folder needs no restart, plus (<see cref="LoadAsync"/>) the keys the grid stores for every silo.
/// </summary>
public sealed class TrustedKeyProvider(IOptions<LicensingOptions> options)
{
    /// <summary>This silo's keys folder (null when none is configured), for messages.</summary>
    public string? Folder => options.Value.TrustedKeysFolder;

    /// <summary>This silo's keys and the grid's (<see cref="ITrustedKeysGrain"/>).</summary>
    /// <exception cref="FormatException">A key file or inline key is not a P-256 public key PEM.</exception>
    public async Task<TrustedKeyStore> LoadAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var grid = await grains.GetGrain<ITrustedKeysGrain>(ITrustedKeysGrain.GridKey).List().ConfigureAwait(false);
        var local = Load();
        return new TrustedKeyStore(local.Keys.Concat(grid.Select(k => TrustedKey.FromPem(k.Pem))).DistinctBy(k => k.KeyId));
    }

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
