namespace OrleansLicense.Grains.Licenses;

/// <summary>A stored license: the signed document as issued and the facts read from it.</summary>
public sealed class LicenseState
{
    public string SignedDocument { get; set; } = "";

    public string Product { get; set; } = "";

    public string Edition { get; set; } = "standard";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? Expires { get; set; }

    public bool Borrowable { get; set; }

    public bool Distributable { get; set; }

    public bool UsageStatistics { get; set; }

    public bool PeakUpload { get; set; }

    public bool LocalOnly { get; set; }

    public int? ForcedAuthenticationHours { get; set; }

    public List<LicensedFeature> Features { get; set; } = [];

    public bool Deactivated { get; set; }

    public List<string> DisabledFeatures { get; set; } = [];

    /// <summary>
    /// Features a later license file (or an agent) took away. Their pools may still hold seats until the holders leave,
    /// and their events still belong in the daily peaks (R-USE-3), so the peaks go on reading them.
    /// </summary>
    public List<string> DroppedFeatures { get; set; } = [];

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>Second-level agents may serve its seats (R-AGT-1).</summary>
    public bool Agentable { get; set; }

    /// <summary>Not imported from a vendor's file: the seats a second-level agent serves for an upstream grid (#18).</summary>
    public bool AgentServed { get; set; }
}

/// <summary>A feature and its seat count as licensed.</summary>
public sealed record LicensedFeature(string Name, int Seats);
