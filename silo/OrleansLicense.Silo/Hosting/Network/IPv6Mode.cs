namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>The IP families the silo listens on and advertises (R-NET-1).</summary>
public enum IPv6Mode
{
    /// <summary>IPv4 only (the default).</summary>
    Disable,

    /// <summary>IPv4 and IPv6 (dual stack).</summary>
    Enable,

    /// <summary>IPv6 only.</summary>
    Only,
}
