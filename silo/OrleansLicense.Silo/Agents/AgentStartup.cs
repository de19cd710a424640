using OrleansLicense.Grains.Agents;

namespace OrleansLicense.Silo.Agents;

/// <summary>
/// Wakes this grid's downstream agreements before the web server serves logins: one that has gone more than half a
/// lease without a renewal (the silo was down) stops granting at once instead of at its first renewal, since the
/// upstream may have taken its seats back (#18 item 4). A failure here does not stop the silo: the agreements'
/// reminders wake them within a minute anyway.
/// </summary>
internal sealed partial class AgentStartup(IGrainFactory grains, ILogger<AgentStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var entry in await grains.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).List().ConfigureAwait(false))
            {
                if (entry.Role == "downstream")
                {
                    await grains.GetGrain<IDownstreamAgentGrain>(entry.AgentKey).Get().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarningWakeFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3821, Level = LogLevel.Warning, Message = "Could not wake the downstream agent agreements at start; their reminders wake them within a minute")]
    private static partial void LogWarningWakeFailed(ILogger logger, Exception error);
}
