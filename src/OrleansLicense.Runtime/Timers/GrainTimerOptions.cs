namespace OrleansLicense.Runtime.Timers;

/// <summary>When a grain timer ticks, and whether its ticks may interleave with calls.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for one tick only.</param>
/// <param name="Interleave">True to run ticks even while a call is running.</param>
public sealed record GrainTimerOptions(TimeSpan DueTime, TimeSpan Period, bool Interleave = false);
