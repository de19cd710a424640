namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>A silo of the cluster on the overview page.</summary>
/// <param name="Name">The silo's name (machine name and silo port, or configured).</param>
/// <param name="Address">Its silo-to-silo address (<c>host:port@generation</c>).</param>
/// <param name="GatewayUrl">Where clients and the console reach it, when known.</param>
/// <param name="Status"><c>active</c>, <c>joining</c>, <c>shuttingdown</c>, <c>stopping</c> or <c>dead</c>.</param>
/// <param name="Role">Its topology role, or null.</param>
/// <param name="IsLeader">True for the leader (the oldest active silo).</param>
/// <param name="IsSelf">True for the silo that answered.</param>
/// <param name="Activations">Grain activations on it now; null when it did not answer.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastAliveAt">Its last liveness write.</param>
/// <param name="Process">CPU and memory, measured by the silo itself (Orleans' runtime statistics); null when it did not answer.</param>
internal sealed record DashboardSilo(
    string Name,
    string Address,
    string? GatewayUrl,
    string Status,
    string? Role,
    bool IsLeader,
    bool IsSelf,
    int? Activations,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastAliveAt,
    ProcessUsage? Process);
