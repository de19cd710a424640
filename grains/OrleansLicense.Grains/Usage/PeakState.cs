namespace OrleansLicense.Grains.Usage;

/// <summary>The stored peak statistics of a license: how far each pool's log was read, who holds what now, and the peaks per day.</summary>
public sealed class PeakState
{
    /// <summary>The last sequence number read, per feature.</summary>
    public Dictionary<string, long> Cursors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seats per holder, per feature.</summary>
    public Dictionary<string, Dictionary<string, int>> Holdings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seats in use now, per feature.</summary>
    public Dictionary<string, int> Levels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>In how many features each holder holds seats now (its count is the license's holders).</summary>
    public Dictionary<string, int> Holders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Peaks per UTC day (<c>yyyy-MM-dd</c>).</summary>
    public Dictionary<string, PeakDayState> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest day the peaks were carried to.</summary>
    public string? LastDay { get; set; }
}

/// <summary>The peaks of one day.</summary>
public sealed class PeakDayState
{
    public int Sn { get; set; }

    public Dictionary<string, int> Features { get; set; } = new(StringComparer.Ordinal);
}
