namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>
/// <c>GET /api/v1/admin/dashboard/stats</c>: Orleans' own statistics of the active silos (<c>IManagementGrain</c>),
/// and the recent history of the figures, sampled while the console asks.
/// </summary>
/// <param name="At">When the figures were read.</param>
/// <param name="Silos">Each active silo's runtime statistics, oldest silo first.</param>
/// <param name="Grains">Activations per grain type across the active silos, most first.</param>
/// <param name="History">The cluster's figures over the last samples, oldest first, at most one a second.</param>
internal sealed record DashboardStats(DateTimeOffset At, IReadOnlyList<SiloStats> Silos, IReadOnlyList<GrainTypeStats> Grains, IReadOnlyList<ClusterSample> History);

/// <summary>One silo's runtime statistics.</summary>
/// <param name="Name">The silo's name.</param>
/// <param name="Address">Its silo-to-silo address.</param>
/// <param name="IsSelf">True for the silo that answered.</param>
/// <param name="Activations">Grain activations on it.</param>
/// <param name="RecentlyUsedActivations">Of those, the ones used recently.</param>
/// <param name="CpuPercent">Its processor use (share of all cores, 0 to 100).</param>
/// <param name="MemoryUsageBytes">Memory its garbage collector holds.</param>
/// <param name="Clients">Orleans clients connected to its gateway.</param>
/// <param name="ReceivedMessages">Messages it received from other silos and clients since it started.</param>
/// <param name="SentMessages">Messages it sent to other silos and clients since it started.</param>
internal sealed record SiloStats(
    string Name,
    string Address,
    bool IsSelf,
    int Activations,
    int RecentlyUsedActivations,
    double CpuPercent,
    long MemoryUsageBytes,
    long Clients,
    long ReceivedMessages,
    long SentMessages);

/// <summary>The cluster at one moment of the history.</summary>
/// <param name="At">When it was read.</param>
/// <param name="Activations">Activations on all active silos.</param>
/// <param name="Silos">Each silo's figures then.</param>
internal sealed record ClusterSample(DateTimeOffset At, int Activations, IReadOnlyList<SiloSample> Silos);

/// <summary>One silo at one moment of the history.</summary>
/// <param name="Address">Its silo-to-silo address.</param>
/// <param name="Name">Its name.</param>
/// <param name="Activations">Its activations.</param>
/// <param name="CpuPercent">Its processor use.</param>
/// <param name="MemoryUsageBytes">Its memory use.</param>
internal sealed record SiloSample(string Address, string Name, int Activations, double CpuPercent, long MemoryUsageBytes);
