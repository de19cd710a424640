using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;

namespace OrleansLicense.Grains.Cluster;

/// <summary>
/// Keeps the first server key and admin token offered to the cluster. First writer wins through the state's
/// version fencing: an activation that lost a race to another one (e.g. two activations for a moment while the
/// directory settles) fails its write with InconsistentStateException, and the runtime retries the call once on a
/// fresh activation, which reads the winner's value and answers it.
/// </summary>
internal sealed class ClusterSecretsGrain([PersistentState("secrets")] IPersistentState<ClusterSecretsState> secrets) : Grain, IClusterSecretsGrain
{
    public Task<string> OfferServerKey(string privateKeyPem, CancellationToken cancellationToken)
        => KeepFirstAsync(privateKeyPem, () => secrets.State.ServerKeyPem, value => secrets.State.ServerKeyPem = value, cancellationToken);

    public Task<string> OfferAdminToken(string token, CancellationToken cancellationToken)
        => KeepFirstAsync(token, () => secrets.State.AdminToken, value => secrets.State.AdminToken = value, cancellationToken);

    private async Task<string> KeepFirstAsync(string offered, Func<string?> kept, Action<string?> keep, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(offered);
        if (kept() is { } first)
        {
            return first;
        }

        keep(offered);
        try
        {
            await secrets.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Not stored, or not known to be: forget it, so that no later offer is answered a value the store may
            // not hold. Had the write landed after all, the next write fails on the version and re-reads it.
            keep(null);
            throw;
        }

        return offered;
    }
}
