using Orleans.Concurrency;

namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// The kick observers of one session (key: the session id), in memory only: clients renew their subscription with
/// every heartbeat, so a lost activation costs at most one heartbeat interval of notice (the heartbeat's answer then
/// says "kicked" anyway). Internal: only silos call it.
/// </summary>
public interface ISessionWatchGrain : IGrainWithStringKey
{
    /// <summary>Adds or renews a client's subscription. One-way: a heartbeat does not wait for it (best effort; the
    /// heartbeat's own answer says "kicked" anyway).</summary>
    [OneWay]
    Task Subscribe(IKickObserver observer);

    /// <summary>The session ended on the server: tells every subscriber once.</summary>
    [OneWay]
    Task Ended(string code, string detail);
}
