namespace OrleansLicense.Contracts.Usage;

/// <summary>The peaks of one UTC day.</summary>
/// <param name="Time">The day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Sn">Most holders (sessions and borrows) of the license at once; 0 on a day without use.</param>
/// <param name="Features">Most seats in use at once per feature (held + borrowed); empty on a day without use.</param>
public sealed record PeakDayView(string Time, int Sn, IReadOnlyDictionary<string, int> Features);
