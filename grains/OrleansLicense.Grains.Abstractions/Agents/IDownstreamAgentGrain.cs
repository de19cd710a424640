using Orleans.Concurrency;

namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The downstream half of an agreement (key <see cref="AgentKey"/>): serves the agent's seats from a local pool,
/// renews the lease over the link and stops granting before the upstream's lease can run out (R-AGT-1).
/// </summary>
public interface IDownstreamAgentGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="count"/> seats in <paramref name="mode"/> (addAgent).</summary>
    Task<AgentAgreement> Add(string product, AgentMode mode, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back <paramref name="count"/> seats, or all when null (releaseAgent). Refused with conflict while local
    /// clients hold more seats than would be left, unless <paramref name="force"/>: then their sessions are kicked.
    /// </summary>
    Task<AgentAgreement> Release(int? count, bool force, CancellationToken cancellationToken);

    /// <summary>
    /// Share mode: before a local grant, draws the holder's seats upstream (its new total), or refuses with
    /// seats_exhausted or agent_upstream_unreachable.
    /// </summary>
    [AlwaysInterleave]
    Task Draw(string holder, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Share mode: after local seats came back, lowers what the holder draws upstream to <paramref name="count"/>. Never
    /// fails: while the upstream is unreachable it is kept and retried with the renewals (the upstream keeps counting
    /// the seat meanwhile, which can only under-use, never over-grant).
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task DrawBack(string holder, int count);

    /// <summary>The agreement with seats in use, or null when none was made.</summary>
    [AlwaysInterleave]
    Task<AgentAgreement?> Get();
}
