using System.Diagnostics;
using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Who used the CPU during a phase, in cores: the server, the load generator (this process), and
/// everyone else on the machine (/proc/stat busy time minus both). "Others" is the noise: the
/// machine is shared with developers building, and a figure measured beside a build is lower.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int _serverId;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan? _server;
    private readonly TimeSpan? _self;
    private readonly TimeSpan _machine;

    private CpuMeter(int serverId)
    {
        _serverId = serverId;
        _server = ProcessTime(serverId);
        _self = ProcessTime(Environment.ProcessId);
        _machine = MachineBusy();
    }

    public static CpuMeter Start(int serverProcessId) => new(serverProcessId);

    /// <summary>The server's cores over the measured time, once <see cref="Stop"/> was called (0 when it exited).</summary>
    public double ServerCores { get; private set; }

    /// <summary>Microseconds of server CPU per operation at <paramref name="opsPerSecond"/> (after <see cref="Stop"/>).</summary>
    public string PerOperation(double opsPerSecond)
        => opsPerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"{ServerCores / opsPerSecond * 1e6:N0} µs of server CPU per request") : "no requests";

    /// <summary>"server 1.2 cores, load generator 0.7, others 0.1 (of 2)".</summary>
    public string Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        if (ProcessTime(_serverId) is not { } serverNow)
        {
            return "server exited";
        }

        var server = (serverNow - _server!.Value).TotalSeconds / seconds;
        ServerCores = server;
        var self = (ProcessTime(Environment.ProcessId)!.Value - _self!.Value).TotalSeconds / seconds;
        var machine = (MachineBusy() - _machine).TotalSeconds / seconds;
        return string.Create(CultureInfo.InvariantCulture, $"server {server:0.00} cores, load generator {self:0.00}, others {Math.Max(0, machine - server - self):0.00} (of {Environment.ProcessorCount})");
    }

    private static TimeSpan? ProcessTime(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The process is gone.
            return null;
        }
    }

    // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal …" in USER_HZ (100 on Linux).
    private static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}
