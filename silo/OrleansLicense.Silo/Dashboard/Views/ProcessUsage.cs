namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>What a silo's process uses of its machine, as that silo measured it.</summary>
/// <param name="CpuPercent">Processor time since the previous reading, as a share of all cores (0 to 100).</param>
/// <param name="WorkingSetBytes">Physical memory in use by the process.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the managed heap.</param>
/// <param name="Threads">Threads of the process.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ProcessorCount">Cores the process may use.</param>
internal sealed record ProcessUsage(double CpuPercent, long WorkingSetBytes, long ManagedHeapBytes, int Threads, double UptimeSeconds, int ProcessorCount)
{
    /// <summary>The view of the runtime's figures.</summary>
    public static ProcessUsage From(OrleansLicense.Runtime.Statistics.ProcessStatistics process) =>
        new(process.CpuPercent, process.WorkingSetBytes, process.ManagedHeapBytes, process.Threads, process.UptimeSeconds, process.ProcessorCount);
}
