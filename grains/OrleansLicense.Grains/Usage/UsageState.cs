namespace OrleansLicense.Grains.Usage;

/// <summary>The stored usage statistics of a license.</summary>
public sealed class UsageState
{
    /// <summary>Per client id.</summary>
    public Dictionary<string, UsageClientState> Clients { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One client's stored usage.</summary>
public sealed class UsageClientState
{
    public string? User { get; set; }

    public string? Host { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset? LastUpload { get; set; }

    public int Uploads { get; set; }

    /// <summary>Totals per feature name.</summary>
    public Dictionary<string, UsageTotal> Features { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A feature's totals.</summary>
public sealed record UsageTotal(int CheckOuts, long Seconds);
