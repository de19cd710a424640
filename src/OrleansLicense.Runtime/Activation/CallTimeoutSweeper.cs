using System.Collections.Concurrent;

namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// Fails local calls that passed their deadline, from one periodic sweep instead of a timer per
/// call. Besides the timer, waiting through <c>Task.WaitAsync(timeout)</c> put one more thread-pool
/// hop between a callee's answer and its caller's continuation, and a license login makes about
/// ten grain calls. A call times out at most one period late.
/// </summary>
internal sealed class CallTimeoutSweeper : IDisposable
{
    private readonly ConcurrentDictionary<CallWorkItem, long> _pending = new(ReferenceEqualityComparer.Instance);
    private readonly Timer _timer;
    private int _sweeping;

    /// <summary>Starts sweeping every <paramref name="period"/>.</summary>
    public CallTimeoutSweeper(TimeSpan period)
    {
        _timer = new Timer(_ => Sweep(), null, period, period);
    }

    /// <summary>Watches <paramref name="item"/> until it completes or its deadline (a Stopwatch timestamp) passes.</summary>
    public void Track(CallWorkItem item, long deadline) => _pending[item] = deadline;

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Sweep()
    {
        // A slow sweep must not overlap the next one.
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var (item, deadline) in _pending)
            {
                if (item.Result.IsCompleted)
                {
                    _pending.TryRemove(item, out _);
                }
                else if (deadline <= now)
                {
                    _pending.TryRemove(item, out _);
                    item.TimeOut();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
