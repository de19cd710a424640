using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>
/// The manual clock as Orleans' reminder service needs it. The service waits for due times with sub-millisecond
/// precision (its table refresh adds a random stagger) through <see cref="Task.Delay(TimeSpan, TimeProvider)"/>,
/// which truncates to whole milliseconds and completes at once for less than one: on a clock that moves only when
/// a test advances it, that wait would spin forever. So every timer here is due one millisecond later than asked,
/// and timestamps (for elapsed time) follow the manual clock instead of the machine's.
/// </summary>
internal sealed class ReminderClock(ManualClock clock) : TimeProvider
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How far past a reminder's due time a test advances the clock for the tick to be delivered: the one
    /// millisecond above, plus the millisecond Orleans waits before delivering a tick that is due already.
    /// </summary>
    public static readonly TimeSpan Delivery = TimeSpan.FromMilliseconds(2);

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => clock.GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => clock.CreateTimer(callback, state, Later(dueTime), Later(period));

    private static TimeSpan Later(TimeSpan wait) => wait > TimeSpan.Zero ? wait + Slack : wait;
}
