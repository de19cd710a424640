namespace OrleansLicense.Contracts.Cluster;

/// <summary><c>GET /api/v1/cluster/gateways</c>: where clients may connect.</summary>
/// <param name="ClusterId">The cluster's id.</param>
/// <param name="Gateways">Gateway base URLs.</param>
public sealed record GatewaysResponse(string ClusterId, IReadOnlyList<string> Gateways);
