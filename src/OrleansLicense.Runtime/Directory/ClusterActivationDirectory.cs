using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Activation;
using OrleansLicense.Runtime.Cluster;

namespace OrleansLicense.Runtime.Directory;

/// <summary>
/// The cluster directory on the shared store: registration returns the winner; an entry that
/// points at a silo the table declared dead is replaced by compare-and-swap on that entry.
/// </summary>
internal sealed partial class ClusterActivationDirectory(IGrainDirectoryStore store, ClusterView view, GrainLocationCache cache, ILogger<ClusterActivationDirectory> logger) : IActivationDirectory
{
    public async Task RegisterAsync(ActivationData activation, CancellationToken cancellationToken)
    {
        var mine = new GrainAddress(activation.GrainId, view.Self, activation.ActivationId);
        var winner = await store.RegisterAsync(mine, previous: null, cancellationToken).ConfigureAwait(false);
        if (winner.ActivationId != mine.ActivationId && (view.IsDead(winner.Silo) || winner.Silo == view.Self))
        {
            // Stale: its silo is dead (or it is an old activation of this silo that is gone).
            LogInformationReplacing(logger, activation.GrainId.ToString(), winner.Silo.ToString());
            winner = await store.RegisterAsync(mine, previous: winner, cancellationToken).ConfigureAwait(false);
        }

        if (winner.ActivationId != mine.ActivationId)
        {
            cache.Set(activation.GrainId, winner.Silo);
            throw new DuplicateActivationException(winner);
        }

        cache.Set(activation.GrainId, view.Self);
    }

    public async Task UnregisterAsync(ActivationData activation, CancellationToken cancellationToken)
    {
        cache.Remove(activation.GrainId);
        try
        {
            await store.UnregisterAsync(new GrainAddress(activation.GrainId, view.Self, activation.ActivationId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A leftover entry points at a live silo that no longer hosts the grain: callers get
            // redirected or re-place, and the next activation replaces the entry.
            LogWarningUnregisterFailed(logger, ex, activation.GrainId.ToString());
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Grain {GrainId}: replacing the directory entry on dead silo {Silo}")]
    private static partial void LogInformationReplacing(ILogger logger, string grainId, string silo);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Grain {GrainId}: removing its directory entry failed")]
    private static partial void LogWarningUnregisterFailed(ILogger logger, Exception exception, string grainId);
}
