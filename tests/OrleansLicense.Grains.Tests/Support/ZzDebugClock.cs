namespace OrleansLicense.Grains.Tests.Support;

internal sealed class ZzDebugClock(TimeProvider inner) : TimeProvider
{
    public static int Created;
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var n = Interlocked.Increment(ref Created);
        if (n < 200 || n % 10000 == 0)
        {
            Console.Error.WriteLine($"timer #{n} due={dueTime} period={period} cb={callback.Method.DeclaringType}.{callback.Method.Name} at {inner.GetUtcNow():O}\n{(n < 60 ? Environment.StackTrace : "")}");
        }
        return inner.CreateTimer(callback, state, dueTime, period);
    }
}
