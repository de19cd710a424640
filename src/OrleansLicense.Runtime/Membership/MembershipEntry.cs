namespace OrleansLicense.Runtime.Membership;

/// <summary>The lifecycle of a silo in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Started, checking connectivity to the Active silos.</summary>
    Joining = 1,

    /// <summary>Serving: hosts grains and accepts clients.</summary>
    Active = 2,

    /// <summary>Leaving gracefully.</summary>
    ShuttingDown = 3,

    /// <summary>Declared dead (or left); never comes back with this generation.</summary>
    Dead = 4,
}

/// <summary>A vote that <c>Voter</c> suspects a silo, at a time.</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset At);

/// <summary>A membership row.</summary>
/// <param name="Silo">The silo's identity.</param>
/// <param name="SiloName">A human name (machine name or configured).</param>
/// <param name="GatewayUrl">Where clients reach this silo's HTTP gateway.</param>
/// <param name="Status">The lifecycle status.</param>
/// <param name="StartedAt">When the process started.</param>
/// <param name="IAmAliveAt">The silo's last liveness write (a dirty write; not version-fenced).</param>
/// <param name="Suspicions">Current suspicion votes against this silo.</param>
/// <param name="Role">A topology role (primary, secondary, tertiary) or null.</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    string SiloName,
    string GatewayUrl,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset IAmAliveAt,
    IReadOnlyList<SuspectVote> Suspicions,
    string? Role);

/// <summary>A consistent read of the table: all rows and the table version they were read at.</summary>
public sealed record MembershipTableData(long Version, IReadOnlyList<MembershipEntry> Entries);
