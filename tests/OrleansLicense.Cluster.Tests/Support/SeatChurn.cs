namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>
/// The failover tests' load: holders keep their seats by heartbeating every 250 ms, cyclers log in, heartbeat and log
/// out again (pausing 50 ms when refused), until the token is cancelled.
/// </summary>
internal static class SeatChurn
{
    /// <summary>One loop per holder and per cycler, on <paramref name="feature"/> of <paramref name="product"/>.</summary>
    public static IEnumerable<Task> Loops(IEnumerable<VirtualClient> holders, IEnumerable<VirtualClient> cyclers, string product, string feature, CancellationToken stop)
        => holders.Select(h => LoopAsync(async () =>
            {
                await h.HeartbeatAsync(stop);
                await Task.Delay(250, stop);
            }, stop))
            .Concat(cyclers.Select(c => LoopAsync(async () =>
            {
                if (await c.LoginAsync(product, feature, stop))
                {
                    await c.HeartbeatAsync(stop);
                    await c.LogoutAsync(stop);
                }
                else
                {
                    await Task.Delay(50, stop);
                }
            }, stop)));

    /// <summary>Runs <paramref name="body"/> again and again until <paramref name="stop"/> is cancelled.</summary>
    public static async Task LoopAsync(Func<Task> body, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await body();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
