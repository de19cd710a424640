using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// Membership tuned for license work: Orleans' defaults took 12-15 s to declare a killed silo dead here; a probe
/// timeout of 1 s, 2 missed probes and short table-refresh and I-am-alive periods took about 1 s
/// (spikes/orleans-cluster.md). Two votes still declare a silo dead. Rows of dead silos expire after
/// <see cref="SiloClusterOptions.DefunctSiloExpiration"/>.
/// </summary>
internal sealed class GridMembershipSetup(IOptions<SiloClusterOptions> cluster) : IConfigureOptions<ClusterMembershipOptions>
{
    public void Configure(ClusterMembershipOptions options)
    {
        var settings = cluster.Value;
        options.ProbeTimeout = settings.ProbeTimeout;
        options.NumMissedProbesLimit = settings.NumMissedProbesLimit;
        options.TableRefreshTimeout = settings.TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = settings.IAmAliveTablePublishTimeout;
        options.DeathVoteExpirationTimeout = settings.DeathVoteExpirationTimeout;

        // Dead rows expire instead of piling up in the status and the console (issue #14 item 16).
        options.DefunctSiloExpiration = settings.DefunctSiloExpiration;
        options.DefunctSiloCleanupPeriod = settings.DefunctSiloCleanupPeriod;
        options.DefunctSiloMinimumRetention = settings.DefunctSiloExpiration;
    }
}
