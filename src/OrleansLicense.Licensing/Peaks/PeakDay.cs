namespace OrleansLicense.Licensing.Peaks;

/// <summary>The peaks of one UTC day in a peak log.</summary>
/// <param name="Date">The day.</param>
/// <param name="Sn">Most holders of the license at once; 0 means no use, and the day carries only its date.</param>
/// <param name="Features">Most seats in use at once per feature uid (the feature name); empty on a day without use.</param>
public sealed record PeakDay(DateOnly Date, int Sn, IReadOnlyDictionary<string, int> Features)
{
    /// <summary>True when the day saw use.</summary>
    public bool HasUse => Sn > 0 || Features.Values.Any(v => v > 0);
}
