using OrleansLicense.Grains.Errors;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Licenses;

/// <summary>The grid's trusted vendor keys: a list in the grid's storage, so every silo verifies with the same keys.</summary>
[GrainType("trusted-keys")]
internal sealed class TrustedKeysGrain(
    [PersistentState("trustedKeys", LicenseStorage.StateStorageName)] IPersistentState<TrustedKeysState> keys,
    TimeProvider clock) : Grain, ITrustedKeysGrain
{
    public async Task<TrustedKeyEntry> Add(string pem, CancellationToken cancellationToken)
    {
        TrustedKey key;
        try
        {
            key = TrustedKey.FromPem(pem ?? "");
        }
        catch (FormatException ex)
        {
            throw LicensingException.BadRequest($"pem: not a P-256 public key PEM: {ex.Message}");
        }

        if (keys.State.Keys.Find(k => k.KeyId == key.KeyId) is { } known)
        {
            return known;
        }

        var entry = new TrustedKeyEntry(key.KeyId, pem!.Trim() + "\n", clock.GetUtcNow());
        keys.State.Keys.Add(entry);
        try
        {
            await keys.WriteStateAsync(cancellationToken);
        }
        catch
        {
            keys.State.Keys.Remove(entry);
            throw;
        }

        return entry;
    }

    public async Task<bool> Remove(string keyId, CancellationToken cancellationToken)
    {
        var entry = keys.State.Keys.Find(k => k.KeyId == keyId);
        if (entry is null)
        {
            return false;
        }

        keys.State.Keys.Remove(entry);
        try
        {
            await keys.WriteStateAsync(cancellationToken);
        }
        catch
        {
            keys.State.Keys.Add(entry);
            throw;
        }

        return true;
    }

    public Task<IReadOnlyList<TrustedKeyEntry>> List() => Task.FromResult<IReadOnlyList<TrustedKeyEntry>>([.. keys.State.Keys]);
}

/// <summary>The stored list of the grid's trusted keys.</summary>
public sealed class TrustedKeysState
{
    public List<TrustedKeyEntry> Keys { get; set; } = [];
}
