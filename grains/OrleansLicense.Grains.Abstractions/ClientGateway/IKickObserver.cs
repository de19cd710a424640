using Orleans.Concurrency;

namespace OrleansLicense.Grains.ClientGateway;

/// <summary>Lives in the client: told when the server ends its session (an administrator removed it, or it timed out).</summary>
public interface IKickObserver : IGrainObserver
{
    /// <summary>The session ended on the server; its seats are gone.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="code">The stable code (<c>session_expired</c>).</param>
    /// <param name="detail">A sentence for the log.</param>
    [OneWay]
    Task Kicked(string sessionId, string code, string detail);
}
