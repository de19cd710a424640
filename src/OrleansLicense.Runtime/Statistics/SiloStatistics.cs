namespace OrleansLicense.Runtime.Statistics;

/// <summary>What one silo reports about itself (like Orleans' silo runtime statistics).</summary>
/// <param name="Activations">Grain activations on the silo now.</param>
/// <param name="Process">What the silo's process uses of its machine.</param>
public sealed record SiloStatistics(int Activations, ProcessStatistics Process);

/// <summary>What a silo's process uses of its machine.</summary>
/// <param name="CpuPercent">Processor time since the previous reading, as a share of all cores (0 to 100).</param>
/// <param name="WorkingSetBytes">Physical memory in use by the process.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the managed heap.</param>
/// <param name="Threads">Threads of the process.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ProcessorCount">Cores the process may use.</param>
public sealed record ProcessStatistics(double CpuPercent, long WorkingSetBytes, long ManagedHeapBytes, int Threads, double UptimeSeconds, int ProcessorCount);
