using System.Diagnostics;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>One virtual client's view of the phase: its own histograms (no sharing on the hot path) and the pacing.</summary>
internal sealed class WorkerRecorder(int worker, RunningPhase phase)
{
    private readonly LatencyHistogram[] _byKind = [new(), new(), new()];

    /// <summary>This loop's number, 0 to concurrency - 1.</summary>
    public int Worker { get; } = worker;

    public RunningPhase Phase { get; } = phase;

    public IReadOnlyList<LatencyHistogram> ByKind => _byKind;

    public bool IsOver(CancellationToken cancellationToken) => Phase.IsOver(cancellationToken);

    /// <summary>Waits for this request's slot (paced mode) and returns its start timestamp.</summary>
    public ValueTask<long> StartAsync(CancellationToken cancellationToken) => Phase.NextStartAsync(cancellationToken);

    public void Finish(OpKind kind, long started, OpOutcome outcome, string? error = null)
    {
        var microseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        if (Phase.Count(kind, microseconds, outcome, error))
        {
            _byKind[(int)kind].Record(microseconds);
        }
    }
}
