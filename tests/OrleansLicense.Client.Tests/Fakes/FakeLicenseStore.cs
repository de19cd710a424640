using System.Globalization;
using Microsoft.AspNetCore.Http;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Cluster;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>The state of one fake cluster: licenses, seats, sessions, timeouts and maintenance mode, shared by
/// every <see cref="FakeGateway"/> started on it (as silos share one store). It follows the gateway contract of
/// API.md: all-or-none seats, 410 for a kicked session, 503 <c>maintenance</c> on login only.</summary>
public sealed class FakeLicenseStore(TimeProvider time)
{
    private readonly List<string?> _checkOutRequestIds = [];
    private readonly List<string?> _loginRequestIds = [];
    private readonly List<LoginRequest> _logins = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, int>> _seats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeSession> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly List<HeartbeatRecord> _heartbeats = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _heartbeatWaiters = [];
    private readonly List<Uri> _gateways = [];
    private int _nextId;
    private int _loginRequests;
    private int _loginFailuresLeft;

    public string ClusterId { get; init; } = "fake-cluster";

    /// <summary>The license every login is answered from; a login naming another license is <c>not_found</c>.
    /// Default: <c>lic-PRODUCT</c>.</summary>
    public string? LicenseId { get; set; }

    /// <summary>The backup hint every login answer carries (R-BAK-4); null when the license is not mapped.</summary>
    public BackupPartnerHint? Backup { get; set; }

    /// <summary>Called with the session id when a logout arrives, before its seats return.</summary>
    public Action<string>? LoggingOut { get; set; }

    /// <summary>Every well-formed login request received, in order.</summary>
    public IReadOnlyList<LoginRequest> Logins
    {
        get
        {
            lock (_gate)
            {
                return [.. _logins];
            }
        }
    }

    public TimeProvider Time { get; } = time;

    /// <summary>The kick-out time handed to clients (R-SESS-3).</summary>
    public int TimeoutSeconds { get; set; } = SessionTimeouts.DefaultSeconds;

    /// <summary>Logins answer 503 <c>maintenance</c> while true.</summary>
    public bool Maintenance { get; set; }

    /// <summary>When set, heartbeats answer this status (a transient 5xx) instead of being served.</summary>
    public int? HeartbeatFailureStatus { get; set; }

    public int LoginRequests => Volatile.Read(ref _loginRequests);

    /// <summary>The requestId of every check-out received, in order.</summary>
    public IReadOnlyList<string?> CheckOutRequestIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _checkOutRequestIds];
            }
        }
    }

    /// <summary>The requestId of every login received (failed ones too), in order.</summary>
    public IReadOnlyList<string?> LoginRequestIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _loginRequestIds];
            }
        }
    }

    /// <summary>The queueSeconds of the last login request (null when it had none).</summary>
    public int? LastQueueSeconds { get; private set; }

    public IReadOnlyList<HeartbeatRecord> Heartbeats
    {
        get
        {
            lock (_gate)
            {
                return [.. _heartbeats];
            }
        }
    }

    public IReadOnlyList<Uri> Gateways
    {
        get
        {
            lock (_gate)
            {
                return [.. _gateways];
            }
        }
    }

    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                Sweep();
                return _sessions.Count;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> logins answer 500 before any check.</summary>
    public void FailNextLogins(int count) => Volatile.Write(ref _loginFailuresLeft, count);

    public void AddFeature(string product, string feature, int seats)
    {
        lock (_gate)
        {
            if (!_seats.TryGetValue(product, out var features))
            {
                _seats[product] = features = new(StringComparer.Ordinal);
            }

            features[feature] = seats;
        }
    }

    /// <summary>Seats of <paramref name="feature"/> held by live sessions.</summary>
    public int Used(string product, string feature)
    {
        lock (_gate)
        {
            Sweep();
            return UsedLocked(product, feature);
        }
    }

    /// <summary>The administrator's "remove session": seats return at once, the client's next call gets 410.</summary>
    public bool RemoveSession(string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.Remove(sessionId))
            {
                return false;
            }

            _ended.Add(sessionId);
            return true;
        }
    }

    public Task WaitForHeartbeatsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_heartbeats.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heartbeatWaiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    internal void AddGateway(Uri address)
    {
        lock (_gate)
        {
            _gateways.Add(address);
        }
    }

    internal void RemoveGateway(Uri address)
    {
        lock (_gate)
        {
            _gateways.Remove(address);
        }
    }

    internal IResult Login(LoginRequest? request)
    {
        Interlocked.Increment(ref _loginRequests);
        LastQueueSeconds = request?.QueueSeconds;
        lock (_gate)
        {
            _loginRequestIds.Add(request?.RequestId);
            if (request is not null)
            {
                _logins.Add(request);
            }
        }

        if (Interlocked.Decrement(ref _loginFailuresLeft) >= 0)
        {
            return Problem(500, ErrorCodes.InternalError, "Injected failure.");
        }

        if (Maintenance)
        {
            return Problem(503, ErrorCodes.Maintenance, "The cluster is in maintenance mode.");
        }

        if (request is null || string.IsNullOrEmpty(request.Product) || request.Features is not { Count: > 0 })
        {
            return Problem(400, ErrorCodes.BadRequest, "product and features are required.");
        }

        lock (_gate)
        {
            Sweep();
            var licenseId = LicenseId ?? "lic-" + request.Product;
            if (request.LicenseId is { } wanted && wanted != licenseId)
            {
                return Problem(404, ErrorCodes.NotFound, $"No license '{wanted}' of '{request.Product}'.");
            }

            if (Grantable(request.Product, request.Features) is { } refusal)
            {
                return refusal;
            }

            var id = ClusterId + "-s-" + (++_nextId).ToString(CultureInfo.InvariantCulture);
            var session = new FakeSession(id, request.Product, Time.GetUtcNow());
            Grant(session, request.Features);
            _sessions[id] = session;
            var response = new LoginResponse(
                id,
                TimeoutSeconds,
                SessionTimeouts.HeartbeatIntervalSeconds(TimeoutSeconds),
                licenseId,
                Held(session),
                [.. _gateways.Select(g => g.ToString())],
                ClusterId,
                Backup);
            return Results.Json(response, ContractsJsonContext.Default.LoginResponse, statusCode: 201);
        }
    }

    internal IResult Heartbeat(string sessionId, string gateway)
    {
        lock (_gate)
        {
            Sweep();
            IResult result;
            int status;
            if (HeartbeatFailureStatus is { } failure)
            {
                (result, status) = (Problem(failure, failure == 500 ? ErrorCodes.InternalError : "injected", "Injected failure."), failure);
            }
            else if (_sessions.TryGetValue(sessionId, out var session))
            {
                session.LastHeartbeat = Time.GetUtcNow();
                var answer = new HeartbeatResponse(TimeoutSeconds, SessionTimeouts.HeartbeatIntervalSeconds(TimeoutSeconds));
                (result, status) = (Results.Json(answer, ContractsJsonContext.Default.HeartbeatResponse), 200);
            }
            else
            {
                (result, status) = Gone(sessionId);
            }

            _heartbeats.Add(new HeartbeatRecord(sessionId, gateway, Time.GetUtcNow(), status));
            for (var i = _heartbeatWaiters.Count - 1; i >= 0; i--)
            {
                if (_heartbeats.Count >= _heartbeatWaiters[i].Count)
                {
                    _heartbeatWaiters[i].Done.TrySetResult();
                    _heartbeatWaiters.RemoveAt(i);
                }
            }

            return result;
        }
    }

    internal IResult CheckOut(string sessionId, CheckOutRequest? request)
    {
        lock (_gate)
        {
            _checkOutRequestIds.Add(request?.RequestId);
        }

        if (request?.Features is not { Count: > 0 })
        {
            return Problem(400, ErrorCodes.BadRequest, "features are required.");
        }

        lock (_gate)
        {
            Sweep();
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                return Gone(sessionId).Result;
            }

            if (Grantable(session.Product, request.Features) is { } refusal)
            {
                return refusal;
            }

            Grant(session, request.Features);
            return Results.Json(new CheckOutResponse(Held(session)), ContractsJsonContext.Default.CheckOutResponse);
        }
    }

    internal IResult CheckIn(string sessionId, string feature)
    {
        lock (_gate)
        {
            Sweep();
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                return Gone(sessionId).Result;
            }

            return session.Features.Remove(feature)
                ? Results.NoContent()
                : Problem(404, ErrorCodes.NotFound, $"The session holds no seat of '{feature}'.");
        }
    }

    internal IResult Logout(string sessionId)
    {
        LoggingOut?.Invoke(sessionId);
        lock (_gate)
        {
            Sweep();
            if (!_sessions.Remove(sessionId))
            {
                return Gone(sessionId).Result;
            }

            _ended.Add(sessionId);
            return Results.NoContent();
        }
    }

    internal IResult GatewaysAnswer() =>
        Results.Json(new GatewaysResponse(ClusterId, [.. Gateways.Select(g => g.ToString())]), ContractsJsonContext.Default.GatewaysResponse);

    private static IResult Problem(int status, string code, string detail) =>
        Results.Json(
            new ApiProblem("about:blank", code, status, detail, code),
            ContractsJsonContext.Default.ApiProblem,
            contentType: "application/problem+json",
            statusCode: status);

    private static List<FeatureRequest> Held(FakeSession session) =>
        [.. session.Features.Select(f => new FeatureRequest(f.Key, f.Value))];

    private (IResult Result, int Status) Gone(string sessionId) =>
        _ended.Contains(sessionId)
            ? (Problem(410, ErrorCodes.SessionExpired, $"Session {sessionId} was kicked."), 410)
            : (Problem(404, ErrorCodes.NotFound, $"No session {sessionId}."), 404);

    // All or none: every feature is checked before any seat is taken.
    private IResult? Grantable(string product, IReadOnlyList<FeatureRequest> wanted)
    {
        if (!_seats.TryGetValue(product, out var features))
        {
            return Problem(404, ErrorCodes.NotFound, $"No license for product '{product}'.");
        }

        foreach (var group in wanted.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            var count = group.Sum(f => f.Count);
            if (group.Any(f => f.Count < 1))
            {
                return Problem(400, ErrorCodes.BadRequest, "count must be at least 1.");
            }

            if (!features.TryGetValue(group.Key, out var seats))
            {
                return Problem(404, ErrorCodes.NotFound, $"No feature '{group.Key}' in '{product}'.");
            }

            var free = seats - UsedLocked(product, group.Key);
            if (free < count)
            {
                return Problem(409, ErrorCodes.SeatsExhausted, $"Feature '{group.Key}': {free} free, {count} requested.");
            }
        }

        return null;
    }

    private static void Grant(FakeSession session, IReadOnlyList<FeatureRequest> wanted)
    {
        foreach (var feature in wanted)
        {
            session.Features[feature.Name] = session.Features.GetValueOrDefault(feature.Name) + feature.Count;
        }
    }

    private int UsedLocked(string product, string feature) =>
        _sessions.Values.Where(s => s.Product == product).Sum(s => s.Features.GetValueOrDefault(feature));

    // Kicks sessions whose last heartbeat is older than the timeout (R-SESS-4); their seats return to the pool.
    private void Sweep()
    {
        var now = Time.GetUtcNow();
        foreach (var session in _sessions.Values.Where(s => now - s.LastHeartbeat >= TimeSpan.FromSeconds(TimeoutSeconds)).ToList())
        {
            _sessions.Remove(session.Id);
            _ended.Add(session.Id);
        }
    }
}
