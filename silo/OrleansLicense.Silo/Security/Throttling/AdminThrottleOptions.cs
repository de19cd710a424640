namespace OrleansLicense.Silo.Security.Throttling;

/// <summary>How many wrong admin tokens one address may send before it is answered 429 (#14 item 2); section <c>AdminThrottle</c>.</summary>
public sealed class AdminThrottleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "AdminThrottle";

    /// <summary>Wrong tokens from one address within <see cref="Window"/> before every further token from it is refused.</summary>
    public int MaxFailures { get; set; } = 10;

    /// <summary>The window, from an address's first wrong token; it is refused until the window ends.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most addresses tracked at once, so a flood from many addresses cannot grow the table without bound.</summary>
    public int MaxAddresses { get; set; } = 10_000;
}
