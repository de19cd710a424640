namespace OrleansLicense.Grains.Triad;

/// <summary>A silo's role in a triad (R-TRI-1).</summary>
[GenerateSerializer]
public enum TriadRole
{
    /// <summary>Active while it is Active in membership and sees a quorum.</summary>
    Primary,

    /// <summary>Active when the primary is gone and the tertiary agrees.</summary>
    Secondary,

    /// <summary>Only makes up the quorum; never active.</summary>
    Tertiary,
}
