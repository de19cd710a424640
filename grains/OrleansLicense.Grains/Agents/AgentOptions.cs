namespace OrleansLicense.Grains.Agents;

/// <summary>
/// Options of second-level agents (section <c>Agent</c>). Upstream: <see cref="LeaseSeconds"/>. Downstream:
/// <see cref="Upstream"/> and <see cref="Credential"/>.
/// </summary>
/// <remarks>
/// The timings keep a seat from being counted on both sides: the upstream takes delegated seats back
/// <see cref="LeaseSeconds"/> after the last renewal it received; the downstream renews every lease/6 (at most a
/// minute apart) and stops granting, and kicks its holders, once half a lease has passed since the last renewal
/// the upstream answered. That answer comes after the upstream received the renewal, so the downstream always
/// stops at least half a lease (default 30 minutes) before the upstream takes the seats back, a margin far larger
/// than a call's timeout or the two clocks' drift over an hour.
/// </remarks>
public sealed class AgentOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Agent";

    /// <summary>Upstream: how long delegated seats stay with an agent whose link is gone. Default 3600 s (1 h), at least 4 s.</summary>
    public int LeaseSeconds { get; set; } = 3600;

    /// <summary>Downstream: the base URL of the upstream grid's HTTP API (e.g. <c>http://10.0.0.5:8273</c>); null = no upstream.</summary>
    public string? Upstream { get; set; }

    /// <summary>Downstream: the credential the upstream issued for this agent (<c>olic agent credential create</c>): <c>agentId.secret</c>.</summary>
    public string? Credential { get; set; }

    /// <summary>Downstream: how long one link call may take. Default 10 s.</summary>
    public int LinkTimeoutSeconds { get; set; } = 10;

    /// <summary>The renewal period for a lease: a sixth of it, at most a minute, at least a second.</summary>
    public static TimeSpan RenewPeriod(int leaseSeconds)
        => TimeSpan.FromSeconds(Math.Clamp(leaseSeconds / 6.0, 1, 60));

    /// <summary>How long the downstream keeps granting without a renewal answered: half the lease.</summary>
    public static TimeSpan StopAfter(int leaseSeconds) => TimeSpan.FromSeconds(leaseSeconds / 2.0);
}
