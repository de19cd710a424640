namespace OrleansLicense.Client.Resilience;

/// <summary>Exponential back-off with "equal jitter", cut short at a deadline.</summary>
internal static class RetryBackoff
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (0 for the first retry).</summary>
    /// <param name="attempt">How many retries came before.</param>
    /// <param name="baseDelay">The first delay before jitter.</param>
    /// <param name="maxDelay">The cap before jitter.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    /// <param name="remaining">Time left until the deadline, or null for none.</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter, TimeSpan? remaining)
    {
        // Doubling stops at 2^20 so the arithmetic cannot overflow on a long outage.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);

        // Half fixed, half random: clients that lost the same server do not come back in lock-step.
        var delay = TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * jitter)));
        if (remaining is { } left)
        {
            delay = left <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(delay.Ticks, left.Ticks));
        }

        return delay;
    }
}
