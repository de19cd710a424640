using Orleans.Runtime;

namespace OrleansLicense.Silo.Triad;

/// <summary>
/// Administration must work with one or two nodes down (R-TRI-3): a grain that lived on a killed silo answers only once
/// Orleans has declared that silo dead, which takes up to about 15 s when the other voters are gone too. Calls that
/// may be repeated are tried again, each attempt with a short deadline, until <see cref="Limit"/>.
/// </summary>
internal static class TriadRetry
{
    /// <summary>How long an administrator's call keeps trying.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="call"/> until it answers, it fails for another reason, or <see cref="Limit"/> passes.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            try
            {
                return await call().WaitAsync(Attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansMessageRejectionException or SiloUnavailableException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>As <see cref="RetryAsync{T}(Func{Task{T}}, CancellationToken)"/> for a call without an answer.</summary>
    public static Task RetryAsync(Func<Task> call, CancellationToken cancellationToken)
        => RetryAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
