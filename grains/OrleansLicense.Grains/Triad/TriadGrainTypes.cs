namespace OrleansLicense.Grains.Triad;

/// <summary>The grain types only the active silo of a triad hosts (seat pools, sessions, licenses, borrows).</summary>
public static class TriadGrainTypes
{
    /// <summary>Their Orleans grain type names.</summary>
    public static IReadOnlySet<string> LicenseGrains { get; } = new HashSet<string>(StringComparer.Ordinal) { "feature", "session", "seatless-sessions", "license", "borrow" };

    /// <summary>The Orleans client's entry grain (a stateless worker on the gateway silo): fenced on the quorum, placed by Orleans.</summary>
    public const string ClientGateway = "client-gateway";

    /// <summary>The grain type of a member's probe, placed on that member.</summary>
    public const string Probe = "triad-probe";

    /// <summary>True for a grain type only the active silo hosts.</summary>
    public static bool IsLicenseGrain(GrainType type) => LicenseGrains.Contains(type.ToString()!);
}
