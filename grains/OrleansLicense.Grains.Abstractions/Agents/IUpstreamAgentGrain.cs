using Orleans.Concurrency;

namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The upstream half of an agreement (key <see cref="AgentKey"/>): what the first-level grid lent a second-level
/// agent, and the lease it takes the seats back after when the agent stops renewing (R-AGT-1).
/// </summary>
public interface IUpstreamAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sets the agreement to <paramref name="seats"/> in <paramref name="mode"/> (0 releases it). In increase mode the
    /// seats are delegated at the pool at once, or the call fails with seats_exhausted; idempotent.
    /// </summary>
    /// <exception cref="Errors.LicensingException">not_found, not_enabled (not agentable), conflict (other mode), seats_exhausted.</exception>
    Task<AgentAgreement> Set(string product, AgentMode mode, int seats, CancellationToken cancellationToken);

    /// <summary>The agent's heartbeat: extends the lease; answers the agreement (a non-active status tells the agent to stop).</summary>
    Task<AgentAgreement?> Renew(CancellationToken cancellationToken);

    /// <summary>Share mode: sets the upstream seats a downstream holder draws to <paramref name="count"/> (0 gives them back).</summary>
    /// <exception cref="Errors.LicensingException">seats_exhausted (upstream pool or the agreement's seats), conflict (not active, not share).</exception>
    Task<int> Draw(string holder, int count, CancellationToken cancellationToken);

    /// <summary>The agreement, or null when none was ever made.</summary>
    [AlwaysInterleave]
    Task<AgentAgreement?> Get();
}
