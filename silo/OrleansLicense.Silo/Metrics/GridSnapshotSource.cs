using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Endpoints.Borrows;

namespace OrleansLicense.Silo.Metrics;

/// <summary>
/// Reads the grid's figures for a scrape, through the same queries the admin API answers with, so <c>/metrics</c>
/// and the console agree; runs in the scrape endpoint's own pipeline, after the admin checks.
/// </summary>
internal sealed class GridSnapshotSource(LicenseQueries queries, IGrainFactory grains, LicenseMetrics metrics, TimeProvider time)
{
    /// <summary>Refreshes the figures, then lets the exporter collect them.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var licenses = await FailoverRetry.RetryAsync(() => queries.ListLicensesAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var pools = licenses.SelectMany(l => l.Features.Select(f => (License: l.Id, Feature: f.Name))).ToList();
        var depths = await Task.WhenAll(pools.Select(p => grains.GetGrain<IFeatureGrain>(FeatureKey.Of(p.License, p.Feature)).CountQueued())).ConfigureAwait(false);
        var sessions = await FailoverRetry.RetryAsync(() => queries.ListSessionsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var borrows = await BorrowQueries.ListActiveAsync(queries, grains, cancellationToken).ConfigureAwait(false);
        var agents = await grains.GetGrain<IAgentDirectoryGrain>(IAgentDirectoryGrain.Key).List().ConfigureAwait(false);
        var now = time.GetUtcNow();
        metrics.Update(new GridSnapshot(
            licenses,
            pools.Zip(depths).ToDictionary(p => p.First, p => p.Second),
            sessions.Count,
            sessions.Count == 0 ? 0 : Math.Max(0, sessions.Max(s => (now - s.LastHeartbeat).TotalSeconds)),
            borrows.Count,
            agents.GroupBy(a => a.Role, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)));
    }
}
