using Orleans.Runtime;

namespace OrleansLicense.Silo.Cluster;

/// <summary>
/// Idempotent calls the edges retry across a silo's death (the status's reads, a heartbeat): until the cluster has
/// declared a killed silo dead (about a second), a call to a grain that lived there fails at once with
/// <see cref="OrleansMessageRejectionException"/>; after that Orleans activates the grain on a live silo. Such a call
/// may be repeated, so the edge waits that out instead of answering 503 in the middle of a failover.
/// </summary>
internal static class FailoverRetry
{
    /// <summary>How long a call keeps trying: past the tuned failure detection (about 1 s), short of a client's patience.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="call"/>, again after a short pause while it is refused for a silo that died.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (OrleansMessageRejectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
