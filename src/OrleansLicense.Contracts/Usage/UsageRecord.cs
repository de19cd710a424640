namespace OrleansLicense.Contracts.Usage;

/// <summary>A client's usage record for one period (R-USE-1).</summary>
/// <param name="From">Start of the period.</param>
/// <param name="To">End of the period.</param>
/// <param name="Features">Use per feature; may be empty.</param>
public sealed record UsageRecord(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FeatureUsageRecord> Features);
