using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace OrleansLicense.Grains.ClientGateway;

/// <summary>
/// Holds the kick observers of one session in Orleans' <see cref="ObserverManager{TObserver}"/>. Nothing is stored:
/// a subscription lives as long as its client heartbeats (each heartbeat renews it), and a lost activation only
/// means that the next heartbeat's answer, rather than the observer, tells the client it was kicked.
/// </summary>
[GrainType("session-watch")]
internal sealed class SessionWatchGrain : Grain, ISessionWatchGrain
{
    // Longer than the longest heartbeat interval (600 s) with room for one missed beat: a live client's
    // subscription never lapses between renewals.
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(25);

    private readonly ObserverManager<IKickObserver> _observers;

    public SessionWatchGrain(ILogger<SessionWatchGrain> logger)
    {
        _observers = new ObserverManager<IKickObserver>(SubscriptionLifetime, logger);
    }

    public Task Subscribe(IKickObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Ended(string code, string detail)
    {
        var sessionId = this.GetPrimaryKeyString();
        _observers.Notify(o => o.Kicked(sessionId, code, detail));
        _observers.Clear();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
