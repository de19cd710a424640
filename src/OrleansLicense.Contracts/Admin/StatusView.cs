namespace OrleansLicense.Contracts.Admin;

/// <summary><c>GET /api/v1/admin/status</c>.</summary>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="Topology"><c>single</c> or <c>grid</c>.</param>
/// <param name="Mode"><c>normal</c> or <c>maintenance</c>.</param>
/// <param name="Silos">The live silos (and the dead ones when asked with <c>?dead=true</c>).</param>
/// <param name="Licenses">Imported licenses.</param>
/// <param name="Sessions">Live sessions, or null when they cannot be counted now (see <paramref name="Degraded"/>).</param>
/// <param name="Version">The silo's version.</param>
/// <param name="DeadSilos">Rows of stopped or dead silos still in the membership table (they expire); listed only with <c>?dead=true</c>.</param>
/// <param name="Degraded">What the status could not read now and why (a triad silo without a quorum, a grain that did not answer in time); null when nothing.</param>
public sealed record StatusView(
    string ClusterId,
    string Topology,
    string Mode,
    IReadOnlyList<SiloView> Silos,
    int Licenses,
    int? Sessions,
    string Version,
    int DeadSilos = 0,
    IReadOnlyList<string>? Degraded = null);

/// <summary>A silo in the status.</summary>
public sealed record SiloView(string Name, string Address, string Status, string? Role, bool IsLeader, int Activations);
