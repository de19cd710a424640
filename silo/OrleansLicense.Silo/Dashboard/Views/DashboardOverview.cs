namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary><c>GET /api/v1/admin/dashboard/overview</c>: the silo table with every silo's CPU and memory.</summary>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="Topology"><c>single</c> or <c>grid</c>.</param>
/// <param name="Self">The answering silo's address.</param>
/// <param name="Silos">Every silo of Orleans' membership table, active first, oldest first.</param>
internal sealed record DashboardOverview(string ClusterId, string Topology, string Self, IReadOnlyList<DashboardSilo> Silos);
