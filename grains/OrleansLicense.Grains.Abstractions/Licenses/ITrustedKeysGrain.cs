using Orleans.Concurrency;

namespace OrleansLicense.Grains.Licenses;

/// <summary>
/// The vendor public keys the whole grid trusts, stored once for every silo (issue #14 item 13): a key added through
/// one silo verifies licenses on all of them. One grain, key <see cref="GridKey"/>.
/// </summary>
public interface ITrustedKeysGrain : IGrainWithStringKey
{
    /// <summary>The one key of this grain.</summary>
    const string GridKey = "grid";

    /// <summary>Trusts a P-256 public key PEM on every silo; adding a key already trusted changes nothing.</summary>
    /// <exception cref="Errors.LicensingException">bad_request: not a P-256 public key PEM.</exception>
    Task<TrustedKeyEntry> Add(string pem, CancellationToken cancellationToken);

    /// <summary>Stops trusting a key the grid holds; false when it holds none with this id.</summary>
    Task<bool> Remove(string keyId, CancellationToken cancellationToken);

    /// <summary>The grid's keys, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<TrustedKeyEntry>> List();
}

/// <summary>A key the grid trusts.</summary>
/// <param name="KeyId">The key id.</param>
/// <param name="Pem">The public key PEM.</param>
/// <param name="AddedAt">When it was added.</param>
[GenerateSerializer, Immutable]
public sealed record TrustedKeyEntry(string KeyId, string Pem, DateTimeOffset AddedAt);
