using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The state the loops of one phase share: the window, the pacing schedule, and the counters the
/// progress line reads. Everything here is touched with Interlocked or is immutable, so the loops
/// never contend on a lock.
/// </summary>
internal sealed class RunningPhase
{
    private readonly long _deadline;
    private readonly long _ticksPerRequest;
    private long _tickets;
    private long _counted;
    private long _errors;
    private long _refused;
    private long _windowEnd;
    private long _intervalMaxMicroseconds;

    public RunningPhase(PhaseSpec spec)
    {
        Spec = spec;
        Start = Stopwatch.GetTimestamp();
        _deadline = Start + (long)(spec.Duration.TotalSeconds * Stopwatch.Frequency);
        _windowEnd = _deadline;
        _ticksPerRequest = spec.Rate is { } rate and > 0 ? Math.Max(1, (long)(Stopwatch.Frequency / rate)) : 0;
    }

    public PhaseSpec Spec { get; }

    public long Start { get; }

    public long Counted => Interlocked.Read(ref _counted);

    public long Errors => Interlocked.Read(ref _errors);

    public long Refused => Interlocked.Read(ref _refused);

    public bool IsPaced => _ticksPerRequest > 0;

    /// <summary>The slowest request since the last call, in milliseconds (for the progress line: a stall shows at once).</summary>
    public double TakeIntervalMaxMs() => Interlocked.Exchange(ref _intervalMaxMicroseconds, 0) / 1000.0;

    public ConcurrentDictionary<string, long> ErrorKinds { get; } = new(StringComparer.Ordinal);

    /// <summary>The end of the measured window: the deadline, or when max-ops was reached.</summary>
    public long WindowEnd => Interlocked.Read(ref _windowEnd);

    public bool IsOver(CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested || Stopwatch.GetTimestamp() >= WindowEnd;

    /// <summary>
    /// In paced mode, waits for the next slot of the global schedule and returns it, so latency is
    /// counted from when the request should have started (no coordinated omission: a slow server
    /// shows up as latency, not as a lower rate that hides it). Flat out, returns now.
    /// </summary>
    public async ValueTask<long> NextStartAsync(CancellationToken cancellationToken)
    {
        if (!IsPaced)
        {
            return Stopwatch.GetTimestamp();
        }

        var scheduled = Start + ((Interlocked.Increment(ref _tickets) - 1) * _ticksPerRequest);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return scheduled;
    }

    /// <summary>Counts a finished request; false when it ended after the window (not to be recorded).</summary>
    public bool Count(OpKind kind, long microseconds, OpOutcome outcome, string? error)
    {
        var seen = Interlocked.Read(ref _intervalMaxMicroseconds);
        while (microseconds > seen)
        {
            var before = Interlocked.CompareExchange(ref _intervalMaxMicroseconds, microseconds, seen);
            if (before == seen)
            {
                break;
            }

            seen = before;
        }

        if (outcome is OpOutcome.Error or OpOutcome.Unavailable)
        {
            // Errors count whenever they happen: a cycle finished after the window can still misbehave.
            Interlocked.Increment(ref _errors);
            ErrorKinds.AddOrUpdate($"{kind.ToString().ToLowerInvariant()} {error}", 1, (_, n) => n + 1);
        }
        else if (outcome == OpOutcome.Refused)
        {
            Interlocked.Increment(ref _refused);
        }

        var now = Stopwatch.GetTimestamp();
        if (now >= WindowEnd)
        {
            return false;
        }

        if (Interlocked.Increment(ref _counted) >= Spec.MaxOps)
        {
            // The first to reach the bound closes the window; later ones see it closed.
            Interlocked.CompareExchange(ref _windowEnd, now, _deadline);
        }

        return true;
    }
}
