using OrleansLicense.Grains.Sessions;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Licenses;

/// <summary>The list of licenses by product; written only on import, read on every login.</summary>
[GrainType("licenseindex")]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class LicenseIndexGrain(
    [PersistentState("index", LicenseStorage.StateStorageName)] IPersistentState<LicenseIndexState> index,
    LoginLookups lookups) : Grain, ILicenseIndexGrain
{
    public async Task Register(string licenseId, string product, CancellationToken cancellationToken)
    {
        var entries = index.State.Entries;
        var at = entries.FindIndex(e => e.LicenseId == licenseId);
        var entry = new LicenseIndexEntry(licenseId, product);
        if (at >= 0 && entries[at] == entry)
        {
            return;
        }

        if (at >= 0)
        {
            entries[at] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        await index.WriteStateAsync(cancellationToken);
        lookups.InvalidateLicenses();
    }

    public Task<IReadOnlyList<string>> List()
        => Task.FromResult<IReadOnlyList<string>>([.. index.State.Entries.Select(e => e.LicenseId)]);

    public Task<IReadOnlyList<string>> FindByProduct(string product)
        => Task.FromResult<IReadOnlyList<string>>([.. index.State.Entries.Where(e => string.Equals(e.Product, product, StringComparison.Ordinal)).Select(e => e.LicenseId)]);
}
