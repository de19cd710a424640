using Orleans.Storage;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Cluster;

/// <summary>
/// Keeps the first server key and admin token offered to the cluster. First writer wins through the
/// storage's ETag: an activation that lost a race to another one (e.g. two activations for a moment
/// while the directory settles, or two silos that do not yet see each other) fails its write with
/// <see cref="InconsistentStateException"/>, reads the stored state again and answers the winner's value.
/// </summary>
[GrainType("clustersecrets")]
internal sealed class ClusterSecretsGrain(
    [PersistentState("secrets", LicenseStorage.StateStorageName)] IPersistentState<ClusterSecretsState> secrets) : Grain, IClusterSecretsGrain
{
    // A lost race is answered after one fresh read; more than a few in a row means something else is wrong.
    private const int Attempts = 3;

    public Task<string> OfferServerKey(string privateKeyPem, CancellationToken cancellationToken)
        => KeepFirstAsync(privateKeyPem, () => secrets.State.ServerKeyPem, value => secrets.State.ServerKeyPem = value, cancellationToken);

    public Task<string> OfferAdminToken(string token, CancellationToken cancellationToken)
        => KeepFirstAsync(token, () => secrets.State.AdminToken, value => secrets.State.AdminToken = value, cancellationToken);

    private async Task<string> KeepFirstAsync(string offered, Func<string?> kept, Action<string?> keep, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(offered);
        for (var attempt = 1; ; attempt++)
        {
            if (kept() is { } first)
            {
                return first;
            }

            keep(offered);
            try
            {
                await secrets.WriteStateAsync(cancellationToken);
                return offered;
            }
            catch (InconsistentStateException) when (attempt < Attempts)
            {
                // Another activation stored first: read what it stored, and answer that (or offer again).
                keep(null);
                await secrets.ReadStateAsync(cancellationToken);
            }
            catch
            {
                // Not stored, or not known to be: forget it, so that no later offer is answered a value the store may
                // not hold. Had the write landed after all, the next write fails on the ETag and re-reads it.
                keep(null);
                throw;
            }
        }
    }
}
