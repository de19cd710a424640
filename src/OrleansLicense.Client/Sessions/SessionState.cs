using OrleansLicense.Client.Failover;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Sessions;

/// <summary>The client's side of one session: what it holds, its timing, and whether it has ended. A session
/// ends once (logout, kick or loss), which is what makes <c>Kicked</c> fire at most once. A backup move (R-BAK-4)
/// replaces the server-side session (<see cref="Current"/>) and keeps the rest.</summary>
internal sealed class SessionState : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ServerSession> _abandoned = [];
    private List<FeatureRequest> _features;
    private TimeSpan _timeout;
    private TimeSpan _interval;
    private DateTimeOffset _lastContact;
    private ServerSession _current;
    private string? _homeLicenseId;
    private DateTimeOffset _nextFailbackProbe;
    private int _ended;

    public SessionState(string product, LoginResponse login, GridLink grid, DateTimeOffset now)
    {
        Product = product;
        _current = ServerSession.From(login, grid);
        _features = [.. login.Features];
        (_timeout, _interval) = Timing(login.TimeoutSeconds, login.HeartbeatIntervalSeconds);
        _lastContact = now;
    }

    /// <summary>The product logged in for.</summary>
    public string Product { get; }

    /// <summary>The server-side session now.</summary>
    public ServerSession Current => Volatile.Read(ref _current);

    public string Id => Current.Id;

    public string LicenseId => Current.LicenseId;

    public string ClusterId => Current.ClusterId;

    /// <summary>The license held on the preferred grid before a backup failover: failback asks for it again.</summary>
    public string? HomeLicenseId
    {
        get => Volatile.Read(ref _homeLicenseId);
        set => Volatile.Write(ref _homeLicenseId, value);
    }

    /// <summary>When the client next checks whether its preferred grid answers again (while on the other one).</summary>
    public DateTimeOffset NextFailbackProbe
    {
        get
        {
            lock (_gate)
            {
                return _nextFailbackProbe;
            }
        }

        set
        {
            lock (_gate)
            {
                _nextFailbackProbe = value;
            }
        }
    }

    /// <summary>Held while the session moves between grids, so a heartbeat and a check-out that both find the grid
    /// dead move it once.</summary>
    public SemaphoreSlim Moving { get; } = new(1, 1);

    /// <summary>The seats held now.</summary>
    public IReadOnlyList<FeatureRequest> Features
    {
        get
        {
            lock (_gate)
            {
                return [.. _features];
            }
        }
    }

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

    /// <summary>Moves the session to <paramref name="login"/>'s session on <paramref name="grid"/> (a backup move):
    /// the login counts as contact, and the seats are what it granted. Returns the session left.</summary>
    public ServerSession MoveTo(LoginResponse login, GridLink grid, DateTimeOffset now)
    {
        lock (_gate)
        {
            var left = _current;
            Volatile.Write(ref _current, ServerSession.From(login, grid));
            _features = [.. login.Features];
            (_timeout, _interval) = Timing(login.TimeoutSeconds, login.HeartbeatIntervalSeconds);
            _lastContact = now;
            return left;
        }
    }

    /// <summary>Remembers a session left on a grid that stopped answering; failback logs it out first, so its seats
    /// do not count against the new login there.</summary>
    public void Abandon(ServerSession left)
    {
        lock (_gate)
        {
            _abandoned.Add(left);
        }
    }

    /// <summary>Takes the sessions abandoned on <paramref name="grid"/>.</summary>
    public IReadOnlyList<ServerSession> TakeAbandoned(GridLink grid)
    {
        lock (_gate)
        {
            var taken = _abandoned.Where(a => a.Grid == grid).ToList();
            _abandoned.RemoveAll(a => a.Grid == grid);
            return taken;
        }
    }

    public LicenseSession Snapshot()
    {
        lock (_gate)
        {
            var current = _current;
            return new LicenseSession(current.Id, current.LicenseId, current.ClusterId, [.. _features], _timeout, _interval, current.Backup);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        Moving.Dispose();
    }

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
