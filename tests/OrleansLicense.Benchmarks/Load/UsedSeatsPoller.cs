namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The admin view of a license's used seats, read through one silo: every 50 ms while the load runs
/// (the server's own count must never exceed the license), or until it reaches a value afterwards.
/// </summary>
internal sealed class UsedSeatsPoller(AdminApi admin, string licenseId)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until cancelled and returns the highest seen.</summary>
    /// <param name="tolerateFailures">Count failed reads instead of ending the run (a grid losing a silo answers some reads with 5xx).</param>
    /// <param name="cancellationToken">The end of the load.</param>
    public async Task<PolledUsage> PollAsync(bool tolerateFailures, CancellationToken cancellationToken)
    {
        var (max, reads, failed) = (0, 0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                max = Math.Max(max, await ReadAsync(cancellationToken).ConfigureAwait(false));
                reads++;
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The load ended.
            }
            catch (Exception ex) when (tolerateFailures && ex is HttpRequestException or InvalidOperationException or OperationCanceledException)
            {
                failed++;
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return new PolledUsage(max, reads, failed);
    }

    /// <summary>Reads (failures tolerated) until <c>used</c> is <paramref name="expected"/> or <paramref name="limit"/> passes; returns the last value read, or null when none was.</summary>
    public async Task<int?> WaitForAsync(int expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        int? last = null;
        while (!bounded.IsCancellationRequested && last != expected)
        {
            try
            {
                last = await ReadAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (last != expected)
            {
                await Task.Delay(Interval, bounded.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return last;
    }

    private async Task<int> ReadAsync(CancellationToken cancellationToken)
        => (await admin.GetLicenseAsync(licenseId, cancellationToken).ConfigureAwait(false)).Features.Max(f => f.Used);
}
