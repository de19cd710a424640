using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Directory;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Cluster;

/// <summary>
/// Cluster-wide chores run only by the leader (the oldest Active silo), so they happen once
/// however many silos there are, and move to the next leader when this one dies: directory
/// entries that still point at dead silos are dropped (so lookups stop finding them), and dead
/// membership rows older than a day are deleted.
/// </summary>
internal sealed partial class LeaderDuties(
    ClusterView view,
    IGrainDirectoryStore directory,
    IMembershipTable membership,
    TimeProvider clock,
    ILogger<LeaderDuties> logger)
{
    private static readonly TimeSpan DeadRowRetention = TimeSpan.FromDays(1);
    private readonly HashSet<SiloAddress> _cleaned = [];

    /// <summary>Runs the chores once if this silo leads; returns the directory entries and rows removed.</summary>
    public async Task<(int Entries, int Rows)> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!view.Clustered || !view.IsLeader)
        {
            return (0, 0);
        }

        var dead = view.Table.Entries.Where(e => e.Status == SiloStatus.Dead && !_cleaned.Contains(e.Silo)).Select(e => e.Silo).ToList();
        var entries = 0;
        if (dead.Count > 0)
        {
            entries = await directory.UnregisterSilosAsync(dead, cancellationToken).ConfigureAwait(false);
            _cleaned.UnionWith(dead);
            if (entries > 0)
            {
                LogInformationDirectoryCleaned(logger, entries, dead.Count);
            }
        }

        var rows = await membership.CleanupDeadAsync(clock.GetUtcNow() - DeadRowRetention, cancellationToken).ConfigureAwait(false);
        return (entries, rows);
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Leader removed {Entries} directory entries of {Silos} dead silo(s)")]
    private static partial void LogInformationDirectoryCleaned(ILogger logger, int entries, int silos);
}
