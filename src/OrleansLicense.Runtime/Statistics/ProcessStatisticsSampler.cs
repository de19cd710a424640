using System.Diagnostics;

namespace OrleansLicense.Runtime.Statistics;

/// <summary>
/// Measures this process: CPU as the processor time used between two readings divided by the
/// wall time between them and the core count, plus working set, managed heap and threads. Readings
/// closer than <see cref="MinInterval"/> reuse the last CPU figure, so several open dashboards do
/// not turn the measurement into noise.
/// </summary>
public sealed class ProcessStatisticsSampler : IDisposable
{
    /// <summary>Shortest wall time a CPU figure is computed over.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly DateTime _startedUtc;
    private TimeSpan _lastProcessorTime;
    private long _lastTimestamp;
    private double _cpuPercent;

    /// <summary>Starts measuring this process on <paramref name="clock"/>.</summary>
    public ProcessStatisticsSampler(TimeProvider clock)
    {
        _clock = clock;
        _startedUtc = _process.StartTime.ToUniversalTime();
        _lastProcessorTime = _process.TotalProcessorTime;
        _lastTimestamp = clock.GetTimestamp();

        // Until a second reading, the average over the process's life is the best figure there is.
        var lifetime = (DateTime.UtcNow - _startedUtc).TotalMilliseconds;
        _cpuPercent = lifetime <= 0 ? 0 : Math.Clamp(100 * _lastProcessorTime.TotalMilliseconds / (lifetime * Environment.ProcessorCount), 0, 100);
    }

    /// <summary>Reads the process now.</summary>
    public ProcessStatistics Sample()
    {
        lock (_lock)
        {
            _process.Refresh();
            var now = _clock.GetTimestamp();
            var elapsed = _clock.GetElapsedTime(_lastTimestamp, now);
            if (elapsed >= MinInterval)
            {
                var processorTime = _process.TotalProcessorTime;
                var used = (processorTime - _lastProcessorTime).TotalMilliseconds;
                _cpuPercent = Math.Clamp(100 * used / (elapsed.TotalMilliseconds * Environment.ProcessorCount), 0, 100);
                _lastProcessorTime = processorTime;
                _lastTimestamp = now;
            }

            // Uptime is the operating system's account of the process, so it is read from the real
            // clock rather than the injected one (a test clock would make it meaningless).
            var uptime = DateTime.UtcNow - _startedUtc;
            return new ProcessStatistics(
                Math.Round(_cpuPercent, 1),
                _process.WorkingSet64,
                GC.GetTotalMemory(forceFullCollection: false),
                _process.Threads.Count,
                Math.Max(0, Math.Round(uptime.TotalSeconds)),
                Environment.ProcessorCount);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
