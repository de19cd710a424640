using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// Reads the relationship into <see cref="BackupSnapshot"/> about once a second. Reading also keeps the relationship
/// grain active after a restart, so its timer pushes the settings (or retries a pending dissolve) without anyone asking.
/// </summary>
internal sealed partial class BackupRefresher(IGrainFactory grains, BackupSnapshot snapshot, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshPeriod > TimeSpan.Zero ? options.Value.RefreshPeriod : TimeSpan.FromSeconds(1), clock);
        do
        {
            try
            {
                snapshot.Update(await grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key).Get().WaitAsync(TimeSpan.FromSeconds(5), clock, stoppingToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The silo is starting or the grain moving: the copy stays as it was until the next round.
                LogRefreshFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "The backup relationship could not be read: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
