namespace OrleansLicense.Grains.Settings;

/// <summary>Borrow time limits of R-BOR-2.</summary>
public static class BorrowLimits
{
    /// <summary>Without a product rule: 30 days.</summary>
    public const int DefaultMaxHours = 720;

    /// <summary>A product rule may raise the limit to 180 days.</summary>
    public const int RuleMaxHours = 4320;

    /// <summary>A distribution lends for 100 years (365 × 100 days) and is never returned (R-BOR-5).</summary>
    public const int DistributionHours = 365 * 100 * 24;
}
