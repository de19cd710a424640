namespace OrleansLicense.Contracts.Usage;

/// <summary>How much a client used one feature in a period.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="CheckOuts">Seats taken (logins and check-outs, counted per seat).</param>
/// <param name="Seconds">Seconds the client held the feature.</param>
public sealed record FeatureUsageRecord(string Name, int CheckOuts, long Seconds);
