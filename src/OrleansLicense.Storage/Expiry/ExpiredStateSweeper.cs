using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Expiry;

/// <summary>
/// Deletes stored grain states whose <see cref="IExpiringState.ForgetAfter"/> has passed (#12 storage growth): once
/// shortly after start, then every <see cref="Interval"/> on the <see cref="TimeProvider"/>'s clock, in chunks of at
/// most <see cref="ChunkSize"/> rows so that no single delete holds a lock for long. A failed sweep is logged and
/// retried at the next period; a row it misses is only deleted later.
/// </summary>
/// <param name="clock">The clock the expiry times are compared with, and the period runs on.</param>
/// <param name="logger">Where the counts and failures go.</param>
public abstract partial class ExpiredStateSweeper(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The most rows one delete statement removes.</summary>
    public const int ChunkSize = 1_000;

    /// <summary>How long after start the first sweep runs: the silo has started by then, and a restart loop does not sweep each time.</summary>
    public static readonly TimeSpan FirstSweepDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What is wrong with <paramref name="interval"/> as a sweep period (at least 1 second, at most 1 day), or null when
    /// nothing is: one rule for every store's options validator.
    /// </summary>
    /// <param name="setting">The setting's name as the operator knows it.</param>
    /// <param name="interval">The configured period.</param>
    public static string? IntervalProblem(string setting, TimeSpan interval)
        => interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1)
            ? $"{setting} {interval} must be between 1 second and 1 day."
            : null;

    /// <summary>The time between sweeps.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The store's name in log lines.</summary>
    protected abstract string StoreName { get; }

    /// <summary>
    /// Deletes every stored state whose expiry is at or before the clock's now, chunk by chunk.
    /// </summary>
    /// <param name="cancellationToken">Stops between chunks (a chunk under way completes or rolls back).</param>
    /// <returns>How many rows were deleted.</returns>
    public async Task<long> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        long deleted = 0;
        while (true)
        {
            var chunk = await DeleteChunkAsync(now, ChunkSize, cancellationToken).ConfigureAwait(false);
            deleted += chunk;
            if (chunk < ChunkSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            LogInformationSwept(logger, StoreName, deleted);
        }

        return deleted;
    }

    /// <summary>Deletes at most <paramref name="max"/> rows whose expiry is at or before <paramref name="now"/>.</summary>
    /// <param name="now">The sweep's time (one for the whole sweep).</param>
    /// <param name="max">The chunk size.</param>
    /// <param name="cancellationToken">Cancels the chunk.</param>
    /// <returns>How many rows it deleted (fewer than <paramref name="max"/> means none are left).</returns>
    protected abstract Task<int> DeleteChunkAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstSweepDelay, clock, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                try
                {
                    await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Rows left over are only deleted later: never a reason to stop the host.
                    LogWarningSweepFailed(logger, ex, StoreName);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "{Store}: deleted {Count} stored grain states past their forget-after time")]
    private static partial void LogInformationSwept(ILogger logger, string store, long count);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "{Store}: the sweep of grain states past their forget-after time failed; it runs again at the next period")]
    private static partial void LogWarningSweepFailed(ILogger logger, Exception exception, string store);
}
