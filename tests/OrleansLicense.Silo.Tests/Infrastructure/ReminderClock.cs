using System.Diagnostics;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>
/// The test's manual clock as Orleans' reminder service sees it. The service needs a clock that moves a little by
/// itself: it delivers an overdue tick after waiting until "now + 1 ms", and it waits for a due time in a loop of
/// <c>Task.Delay(remaining, clock)</c>, which truncates to whole milliseconds (its start-up stagger is random, so due
/// times have sub-millisecond parts): on a clock that never moves, the first would wait until the test advanced
/// the clock again, and the second would loop for ever, inside <c>ManualClock.Advance</c>, on a remainder below a
/// millisecond that <c>Task.Delay</c> completes at once. So:
/// <list type="bullet">
/// <item>the time is the manual time plus the real time since the manual clock last moved, up to <see cref="MaxCreep"/>
/// (the tests advance by seconds at least, so it never goes back);</item>
/// <item>every wait lasts one millisecond longer than asked, past the truncated part;</item>
/// <item>waits of at most <see cref="RealTimeWait"/> run on real time, longer ones on the manual clock's timers.</item>
/// </list>
/// </summary>
internal sealed class ReminderClock(TimeProvider manual) : TimeProvider
{
    /// <summary>The most the time runs ahead of the manual time while the manual clock stands still.</summary>
    public static readonly TimeSpan MaxCreep = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits this short are not test time: they run on the real clock.</summary>
    public static readonly TimeSpan RealTimeWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PastTruncation = TimeSpan.FromMilliseconds(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _seen;
    private long _seenAt;

    public override DateTimeOffset GetUtcNow()
    {
        var now = manual.GetUtcNow();
        lock (_lock)
        {
            if (now != _seen)
            {
                _seen = now;
                _seenAt = Stopwatch.GetTimestamp();
            }

            var creep = Stopwatch.GetElapsedTime(_seenAt);
            return now + (creep < MaxCreep ? creep : MaxCreep);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan || dueTime < TimeSpan.Zero)
        {
            return manual.CreateTimer(callback, state, dueTime, period);
        }

        var wait = dueTime + PastTruncation;
        return wait <= RealTimeWait ? System.CreateTimer(callback, state, wait, period) : manual.CreateTimer(callback, state, wait, period);
    }

    public override long GetTimestamp() => manual.GetTimestamp();
}
