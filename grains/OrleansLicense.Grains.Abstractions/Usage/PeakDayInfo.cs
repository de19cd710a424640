using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>The peaks of one UTC day.</summary>
/// <param name="Date">The day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Sn">Most holders (sessions and borrows) of the license at once.</param>
/// <param name="Features">Most seats in use at once per feature (held + borrowed), features with use only.</param>
[GenerateSerializer, Immutable]
public sealed record PeakDayInfo(string Date, int Sn, IReadOnlyDictionary<string, int> Features);
