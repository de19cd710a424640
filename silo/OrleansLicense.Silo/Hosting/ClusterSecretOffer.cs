using OrleansLicense.Grains.Cluster;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>How a starting silo offers a local secret to the cluster and gets the cluster's back.</summary>
internal static class ClusterSecretOffer
{
    /// <summary>
    /// Calls <paramref name="offer"/> on the cluster's secrets grain; a failure stops the start with one
    /// clear line naming <paramref name="what"/> (a silo must not serve with a secret the grid does not share).
    /// </summary>
    public static async Task<string> AdoptAsync(
        IGrainFactory grains,
        string what,
        Func<IClusterSecretsGrain, CancellationToken, Task<string>> offer,
        CancellationToken cancellationToken)
    {
        try
        {
            return await offer(grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SiloStartupException($"Cannot get the cluster's {what} from the cluster's store ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }
}
