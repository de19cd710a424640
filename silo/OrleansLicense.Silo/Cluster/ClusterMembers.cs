using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Cluster;

/// <summary>
/// The cluster as Orleans sees it, for the status, the gateway list and the console: the membership table through
/// <c>IManagementGrain.GetDetailedHosts</c>, each silo's gateway URL and role from Orleans' silo metadata, and
/// each silo's own runtime statistics (activations, CPU, memory) through <c>IManagementGrain.GetRuntimeStatistics</c>.
/// </summary>
internal sealed class ClusterMembers(IGrainFactory grains, ILocalSiloDetails local, ISiloMetadataCache metadata, SiloAnnouncement self)
{
    /// <summary>How long one silo may take to report its statistics before it is shown without them.</summary>
    public static readonly TimeSpan StatisticsTimeout = TimeSpan.FromSeconds(2);

    private IManagementGrain Management => grains.GetGrain<IManagementGrain>(0);

    /// <summary>Every silo of the membership table: active ones first, each group oldest first.</summary>
    public async Task<IReadOnlyList<ClusterMember>> ListAsync(CancellationToken cancellationToken)
    {
        var hosts = await Management.GetDetailedHosts(onlyActive: false, cancellationToken).ConfigureAwait(false);
        var leader = hosts
            .Where(h => h.Status == SiloStatus.Active)
            .OrderBy(h => h.StartTime)
            .ThenBy(h => h.SiloAddress.Generation)
            .FirstOrDefault()?.SiloAddress;
        return [.. hosts
            .OrderBy(h => h.Status != SiloStatus.Active)
            .ThenBy(h => h.StartTime)
            .Select(h => Member(h, leader))];
    }

    /// <summary>
    /// The runtime statistics of each of <paramref name="silos"/> that answered within <see cref="StatisticsTimeout"/>,
    /// each measured by that silo itself.
    /// </summary>
    public async Task<IReadOnlyDictionary<SiloAddress, SiloRuntimeStatistics>> StatisticsAsync(IEnumerable<SiloAddress> silos, CancellationToken cancellationToken)
    {
        // One call per silo: a silo that does not answer must not cost the others their figures.
        var asked = silos.Select(async silo =>
        {
            try
            {
                var answer = await Management.GetRuntimeStatistics([silo], cancellationToken).WaitAsync(StatisticsTimeout, cancellationToken).ConfigureAwait(false);
                return (Silo: silo, Statistics: answer.FirstOrDefault());
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (Silo: silo, Statistics: (SiloRuntimeStatistics?)null);
            }
        });
        var answers = await Task.WhenAll(asked).ConfigureAwait(false);
        return answers.Where(a => a.Statistics is not null).ToDictionary(a => a.Silo, a => a.Statistics!);
    }

    /// <summary>Activations per grain type on each of <paramref name="silos"/> (Orleans' own count).</summary>
    public async Task<IReadOnlyList<SimpleGrainStatistic>> GrainStatisticsAsync(IEnumerable<SiloAddress> silos, CancellationToken cancellationToken)
        => await Management.GetSimpleGrainStatistics([.. silos]).WaitAsync(cancellationToken).ConfigureAwait(false);

    private ClusterMember Member(MembershipEntry entry, SiloAddress? leader)
    {
        var isSelf = entry.SiloAddress.Equals(local.SiloAddress);
        var announced = metadata.GetSiloMetadata(entry.SiloAddress).Metadata;
        return new ClusterMember(
            entry.SiloAddress,
            entry.SiloName,
            entry.Status.ToString().ToLowerInvariant(),
            entry.SiloAddress.Equals(leader),
            isSelf,
            isSelf ? self.GatewayUrl : announced.GetValueOrDefault(SiloAnnouncement.GatewayUrlKey),
            isSelf ? self.Role : announced.GetValueOrDefault(SiloAnnouncement.RoleKey),
            new DateTimeOffset(DateTime.SpecifyKind(entry.StartTime, DateTimeKind.Utc)),
            entry.IAmAliveTime == default ? null : new DateTimeOffset(DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc)));
    }
}
