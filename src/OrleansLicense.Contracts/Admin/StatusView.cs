namespace OrleansLicense.Contracts.Admin;

/// <summary><c>GET /api/v1/admin/status</c>.</summary>
public sealed record StatusView(
    string ClusterId,
    string Topology,
    string Mode,
    IReadOnlyList<SiloView> Silos,
    int Licenses,
    int Sessions,
    string Version);

/// <summary>A silo in the status.</summary>
public sealed record SiloView(string Name, string Address, string Status, string? Role, bool IsLeader, int Activations);
