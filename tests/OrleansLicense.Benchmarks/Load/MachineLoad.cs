namespace OrleansLicense.Benchmarks.Load;

/// <summary>The load averages, printed before and after a run: a figure taken beside a build is noisy.</summary>
internal static class MachineLoad
{
    public static string Describe() => $"{Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}";
}
