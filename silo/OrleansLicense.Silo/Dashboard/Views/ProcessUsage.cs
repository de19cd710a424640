using Orleans.Runtime;

namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>What a silo's process uses of its machine, as that silo measured it (Orleans' runtime statistics).</summary>
/// <param name="CpuPercent">Processor use of the process as a share of all cores (0 to 100), smoothed by Orleans.</param>
/// <param name="MemoryUsageBytes">Memory the process's garbage collector holds (committed, less fragmentation).</param>
/// <param name="AvailableMemoryBytes">Memory the process may still take before it reaches its limit.</param>
/// <param name="MaximumMemoryBytes">The process's memory limit (the machine's or the container's).</param>
/// <param name="UptimeSeconds">Seconds since the silo started.</param>
/// <param name="Clients">Orleans clients connected to its gateway.</param>
/// <param name="IsOverloaded">True when Orleans' load shedding counts the silo overloaded.</param>
internal sealed record ProcessUsage(
    double CpuPercent,
    long MemoryUsageBytes,
    long AvailableMemoryBytes,
    long MaximumMemoryBytes,
    double UptimeSeconds,
    long Clients,
    bool IsOverloaded)
{
    /// <summary>The view of a silo's statistics; the uptime counts from <paramref name="startedAt"/>.</summary>
    public static ProcessUsage From(SiloRuntimeStatistics statistics, DateTimeOffset? startedAt)
    {
        var environment = statistics.EnvironmentStatistics;
        var now = new DateTimeOffset(DateTime.SpecifyKind(statistics.DateTime, DateTimeKind.Utc));
        return new ProcessUsage(
            Math.Round(Math.Clamp(environment.FilteredCpuUsagePercentage, 0, 100), 1),
            environment.FilteredMemoryUsageBytes,
            environment.FilteredAvailableMemoryBytes,
            environment.MaximumAvailableMemoryBytes,
            startedAt is { } started ? Math.Max(0, Math.Round((now - started).TotalSeconds)) : 0,
            statistics.ClientCount,
            statistics.IsOverloaded);
    }
}
