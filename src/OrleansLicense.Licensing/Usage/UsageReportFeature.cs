namespace OrleansLicense.Licensing.Usage;

/// <summary>A client's use of one feature, over all its uploads.</summary>
/// <param name="Name">The feature.</param>
/// <param name="CheckOuts">Seats taken.</param>
/// <param name="Seconds">Seconds held.</param>
public sealed record UsageReportFeature(string Name, int CheckOuts, long Seconds);
