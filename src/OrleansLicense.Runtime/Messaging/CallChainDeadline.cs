using System.Diagnostics;

namespace OrleansLicense.Runtime.Messaging;

/// <summary>
/// The deadline of the call whose turn is running, flowing with the execution context like
/// Orleans' RequestContext: a call made inside a turn inherits the remaining time of the call
/// that started the chain, so a blocked call cycle expires as a whole instead of restarting
/// itself hop by hop after each link times out.
/// </summary>
internal static class CallChainDeadline
{
    // Flowing ambient context, not shared mutable state: each async flow sees its own value.
    private static readonly AsyncLocal<long> Current = new();

    /// <summary>The running call's deadline as a Stopwatch timestamp, or 0 outside any call.</summary>
    public static long Value
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    /// <summary>The deadline for a new call: its own timeout, or the inherited deadline if sooner.</summary>
    public static long ForNewCall(TimeSpan timeout)
    {
        var own = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var inherited = Current.Value;
        return inherited != 0 && inherited < own ? inherited : own;
    }

    /// <summary>Time left until <paramref name="deadline"/> (never negative).</summary>
    public static TimeSpan Remaining(long deadline)
    {
        var ticks = deadline - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
    }
}
