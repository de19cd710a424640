using OrleansLicense.Runtime.Filters;

namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary><c>GET /api/v1/admin/dashboard/stats</c>: this silo's grain calls over the last 100 seconds.</summary>
/// <param name="Total">The silo-wide samples, one per second, oldest first.</param>
/// <param name="Grains">Per grain type, by name.</param>
internal sealed record DashboardStats(IReadOnlyList<CallStatisticsSample> Total, IReadOnlyList<GrainTypeStats> Grains);
