using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// One client session (key: the session id). Holds who the client is and which seats it holds;
/// heartbeats stay in memory and renew the seat leases at the features. A login is not its (the silo's logins service takes the seats):
/// the session grain takes the session over from the pools' leases at its first heartbeat.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Records a heartbeat (R-SESS-3/4).</summary>
    /// <exception cref="Errors.LicensingException">session_expired once kicked; not_found when unknown.</exception>
    Task<HeartbeatResult> Heartbeat(CancellationToken cancellationToken);

    /// <summary>
    /// Takes more seats, all or none; returns every seat now held. A check-out with a
    /// <paramref name="requestId"/> the session has seen takes nothing and returns the seats held.
    /// <paramref name="fromThisMachine"/> says whether the caller is on the server's machine (local-only licenses, R-LIC-5).
    /// </summary>
    Task<IReadOnlyList<FeatureRequest>> CheckOut(IReadOnlyList<FeatureRequest> features, string? requestId, bool fromThisMachine, CancellationToken cancellationToken);

    /// <summary>Returns the seats of one feature.</summary>
    Task CheckIn(string feature, CancellationToken cancellationToken);

    /// <summary>Returns every seat and ends the session. A second logout succeeds; a kicked session answers session_expired.</summary>
    Task Logout(CancellationToken cancellationToken);

    /// <summary>Administrator removal: seats return at once; the client's next call answers session_expired.</summary>
    Task Remove(CancellationToken cancellationToken);

    /// <summary>The session as administrators see it, or null when it is not live.</summary>
    [ReadOnly]
    Task<SessionInfo?> GetInfo();

    /// <summary>A feature expired this session's lease (no heartbeat for the timeout): the session is kicked. An empty <paramref name="licenseId"/> is the index of sessions without seats (<see cref="ISeatlessSessionsGrain"/>).</summary>
    [OneWay]
    Task LeaseExpired(string licenseId, string feature);
}
