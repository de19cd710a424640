using OrleansLicense.Grains.ClientGateway;

namespace OrleansLicense.Client.Sessions;

/// <summary>The client's end of a session's kick notice (issue #13 item 3): an Orleans grain observer.</summary>
internal sealed class KickObserver(string sessionId, Action<string, string> kicked) : IKickObserver
{
    private int _stopped;

    public string SessionId { get; } = sessionId;

    /// <summary>No more notices are passed on (the session ended, or another took its place).</summary>
    public void Stop() => Interlocked.Exchange(ref _stopped, 1);

    public Task Kicked(string sessionId, string code, string detail)
    {
        if (Volatile.Read(ref _stopped) == 0 && sessionId == SessionId)
        {
            kicked(code, detail);
        }

        return Task.CompletedTask;
    }
}
