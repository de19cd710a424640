using Orleans.Runtime;

namespace OrleansLicense.Silo.Cluster;

/// <summary>A silo of Orleans' membership table, as the status, the gateway list and the console show it.</summary>
/// <param name="Silo">Its Orleans address.</param>
/// <param name="Name">Its name (machine name and silo port, or configured).</param>
/// <param name="Status">Orleans' status in lower case: <c>active</c>, <c>joining</c>, <c>shuttingdown</c>, <c>stopping</c>, <c>dead</c>.</param>
/// <param name="IsLeader">True for the oldest active silo, which runs cluster-wide duties.</param>
/// <param name="IsSelf">True for the silo that answers.</param>
/// <param name="GatewayUrl">The HTTP URL clients reach it at, once this silo has its metadata; null before.</param>
/// <param name="Role">Its topology role, or null.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastAliveAt">Its last I-am-alive write, when the membership table has one.</param>
internal sealed record ClusterMember(
    SiloAddress Silo,
    string Name,
    string Status,
    bool IsLeader,
    bool IsSelf,
    string? GatewayUrl,
    string? Role,
    DateTimeOffset StartedAt,
    DateTimeOffset? LastAliveAt)
{
    /// <summary>True while Orleans counts it active.</summary>
    public bool IsActive => Status == "active";

    /// <summary>Its silo-to-silo address as the API has always shown it: <c>host:port@generation</c>.</summary>
    public string Address => $"{Silo.Endpoint}@{Silo.Generation}";
}
