using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Sessions;

/// <summary>The client's side of one session: what it holds, its timing, and whether it has ended. A session
/// ends once (logout, kick or loss), which is what makes <c>Kicked</c> fire at most once.</summary>
internal sealed class SessionState : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private List<FeatureRequest> _features;
    private TimeSpan _timeout;
    private TimeSpan _interval;
    private DateTimeOffset _lastContact;
    private int _ended;

    public SessionState(LoginResponse login, DateTimeOffset now)
    {
        Id = login.SessionId;
        LicenseId = login.LicenseId;
        ClusterId = login.ClusterId;
        _features = [.. login.Features];
        (_timeout, _interval) = Timing(login.TimeoutSeconds, login.HeartbeatIntervalSeconds);
        _lastContact = now;
    }

    public string Id { get; }

    public string LicenseId { get; }

    public string ClusterId { get; }

    /// <summary>The heartbeat loop, once started.</summary>
    public Task? Loop { get; set; }

    /// <summary>Cancelled when the session ends, stopping the heartbeat loop and its in-flight request.</summary>
    public CancellationToken Stopping => _stop.Token;

    public bool IsActive => Volatile.Read(ref _ended) == 0;

    public TimeSpan HeartbeatInterval
    {
        get
        {
            lock (_gate)
            {
                return _interval;
            }
        }
    }

    /// <summary>When the server kicks the session if no heartbeat gets through: last contact plus the timeout.</summary>
    public DateTimeOffset Deadline
    {
        get
        {
            lock (_gate)
            {
                return _lastContact + _timeout;
            }
        }
    }

    /// <summary>Marks the session ended; true only for the first caller.</summary>
    public bool TryEnd()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        _stop.Cancel();
        return true;
    }

    /// <summary>Waits for the heartbeat loop to finish (it never throws).</summary>
    public Task WhenLoopStoppedAsync() => Loop ?? Task.CompletedTask;

    public void OnHeartbeat(HeartbeatResponse answer, DateTimeOffset now)
    {
        lock (_gate)
        {
            (_timeout, _interval) = Timing(answer.TimeoutSeconds, answer.HeartbeatIntervalSeconds);
            _lastContact = now;
        }
    }

    public void SetFeatures(IReadOnlyList<FeatureRequest> features)
    {
        lock (_gate)
        {
            _features = [.. features];
        }
    }

    public void RemoveFeature(string name)
    {
        lock (_gate)
        {
            _features.RemoveAll(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        }
    }

    public LicenseSession Snapshot()
    {
        lock (_gate)
        {
            return new LicenseSession(Id, LicenseId, ClusterId, [.. _features], _timeout, _interval);
        }
    }

    public void Dispose() => _stop.Dispose();

    // A server that sends a zero or oversized interval must not make the client hammer it or miss its own
    // timeout: the interval is kept between 1 s and half the timeout, the rule of R-SESS-3.
    private static (TimeSpan Timeout, TimeSpan Interval) Timing(int timeoutSeconds, int intervalSeconds)
    {
        var timeout = Math.Max(timeoutSeconds, 2);
        var interval = intervalSeconds > 0 ? intervalSeconds : SessionTimeouts.HeartbeatIntervalSeconds(timeout);
        interval = Math.Clamp(interval, 1, Math.Max(1, timeout / 2));
        return (TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(interval));
    }
}
