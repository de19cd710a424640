namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>A clock that moves only when a test says so: timers fire during <see cref="Advance"/>, each at its own
/// due time, on the advancing thread.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers armed and not yet fired.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Time until the earliest armed timer, or null when none is armed.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count == 0 ? null : _timers.Min(t => t.DueAt) - _now;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    break;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                _timers.Remove(next);
                if (next.Period > TimeSpan.Zero)
                {
                    next.DueAt += next.Period;
                    _timers.Add(next);
                }
            }

            SignalWaiters();
            next.Fire();
        }

        SignalWaiters();
    }

    /// <summary>Completes when at least <paramref name="count"/> timers are armed.</summary>
    public Task WaitForPendingTimersAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_timers.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                // Disarmed.
            }
            else if (dueTime == TimeSpan.Zero)
            {
                // Like System.Threading.Timer: due at once, fired on the thread pool, not by a later Advance.
                fireNow = true;
                if (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                {
                    timer.DueAt = _now + period;
                    timer.Period = period;
                    _timers.Add(timer);
                }
            }
            else
            {
                timer.DueAt = _now + dueTime;
                timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                _timers.Add(timer);
            }
        }

        SignalWaiters();
        if (fireNow)
        {
            ThreadPool.QueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
        }
    }

    internal void Disarm(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }

        SignalWaiters();
    }

    private void SignalWaiters()
    {
        List<TaskCompletionSource> ready = [];
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_timers.Count >= _waiters[i].Count)
                {
                    ready.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in ready)
        {
            done.TrySetResult();
        }
    }
}
