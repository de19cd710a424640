using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLicense.Client.Addresses;
using OrleansLicense.Client.Events;
using OrleansLicense.Client.Failover;
using OrleansLicense.Client.Logging;
using OrleansLicense.Client.Resilience;
using OrleansLicense.Client.Sessions;
using OrleansLicense.Client.Transport;
using OrleansLicense.Client.Usage;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client;

/// <summary>Talks to an OrleansLicense cluster for one program: logs in, holds seats, heartbeats in the
/// background, fails over between gateways, and tells the program when its session ends.</summary>
/// <remarks>
/// <para>One client holds at most one session at a time. Disposing it logs out.</para>
/// <para>Events are raised on a background thread; a handler that throws is logged and ignored.</para>
/// </remarks>
public sealed partial class LicenseClient : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string? _product;
    private readonly int _loginRetryAttempts;
    private readonly int _queueSeconds;
    private readonly TimeSpan _loginTimeout;
    private readonly ClientInfo _client;
    private readonly RetryPipelineFactory _retries;
    private readonly TimeSpan _retryBaseDelay;
    private readonly TimeSpan _retryMaxDelay;
    private readonly UsageRecorder _usage = new();

    // The grid of LicenseClientOptions.Servers, and the other grid of a backup relationship when configured or learned.
    private readonly GridLink _main;
    private readonly bool _preferBackup;
    private readonly bool _backupConfigured;
    private readonly TimeSpan _failbackInterval;
    private readonly Func<ILicenseTransport> _newHttpTransport;
    private GridLink? _backup;

    // Serialises login, logout and dispose, so a session is created and ended by one caller at a time.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private SessionState? _session;
    private int _disposed;

    /// <summary>Creates a client. Server addresses come from <see cref="LicenseClientOptions.Servers"/>, else from
    /// the vendor's <c>PREFIX_URL</c>, else from <c>ORLEANSLICENSE_URL</c>.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="FormatException">An address is not valid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">No address is configured.</exception>
    public LicenseClient(LicenseClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _logger = options.Logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
        _product = options.Product;
        _loginRetryAttempts = options.LoginRetryAttempts;
        _queueSeconds = options.QueueSeconds;

        // A queued login is answered only when seats come back or the queue wait ends.
        _loginTimeout = options.RequestTimeout + TimeSpan.FromSeconds(options.QueueSeconds);
        _client = options.Client ?? DefaultClientInfo.Create();
        var servers = ResolveServers(options, _logger);
        (_retryBaseDelay, _retryMaxDelay) = (options.RetryBaseDelay, options.RetryMaxDelay);
        _retries = new RetryPipelineFactory(_time, options.RetryBaseDelay, options.RetryMaxDelay);
        _main = new GridLink(isBackup: false, new ServerDirectory(servers), TransportFactory.Create(options, servers));
        var handlerFactory = options.HttpMessageHandlerFactory;
        var requestTimeout = options.RequestTimeout;
        _newHttpTransport = () => TransportFactory.CreateHttp(handlerFactory, requestTimeout);
        _failbackInterval = options.BackupFailbackInterval;
        (_backup, _preferBackup) = ResolveBackup(options, _logger);
        _backupConfigured = _backup is not null;
    }

    /// <summary>The server ended the session (<c>session_expired</c>: timed out or removed by an administrator).
    /// Over Orleans the server pushes it at once (a grain observer); the next heartbeat's answer says it too. Raised
    /// exactly once per ended session, whichever tells first; heartbeats have stopped and the seats are gone.</summary>
    public event EventHandler<KickedEventArgs>? Kicked;

    /// <summary>The client moved to another server of the cluster (failover or failback; the session is kept; over Orleans,
    /// raised when another gateway silo answers the session's calls), or to the other grid of a backup relationship
    /// (<see cref="ServerChangeReason.BackupFailover"/>, <see cref="ServerChangeReason.BackupFailback"/>: the same seats
    /// in a new session there, R-BAK-4).</summary>
    public event EventHandler<ServerChangedEventArgs>? ServerChanged;

    /// <summary>No server answered before the session timeout; heartbeats have stopped and the seats are gone.
    /// Raised at most once per session.</summary>
    public event EventHandler<ConnectionLostEventArgs>? ConnectionLost;

    /// <summary>Every known server of the grid of <see cref="LicenseClientOptions.Servers"/> in preference order:
    /// configured ones first, then gateways the cluster announced (HTTP) or that answered (Orleans).</summary>
    public IReadOnlyList<Uri> Servers => _main.Servers.All;

    /// <summary>Every known server of the other grid of a backup relationship: <see cref="LicenseClientOptions.BackupServers"/>,
    /// then gateways its login answers announced (R-BAK-4); empty while none is known.</summary>
    public IReadOnlyList<Uri> BackupServers => Volatile.Read(ref _backup)?.Servers.All ?? [];

    /// <summary>The server calls go to first (on the session's grid while logged in), or null before any answered.</summary>
    public Uri? CurrentServer => (ActiveSession?.Current.Grid ?? Preferred).Servers.Current;

    /// <summary>The live session, or null when not logged in (never logged in, logged out, kicked or lost).</summary>
    public LicenseSession? Session => ActiveSession?.Snapshot();

    /// <summary>True while a session is live.</summary>
    public bool IsLoggedIn => ActiveSession is not null;

    private SessionState? ActiveSession => Volatile.Read(ref _session) is { IsActive: true } session ? session : null;

    /// <summary>Logs in for <see cref="LicenseClientOptions.Product"/>; see
    /// <see cref="LoginAsync(string, IReadOnlyList{FeatureRequest}, CancellationToken)"/>.</summary>
    /// <param name="features">The features and seat counts wanted.</param>
    /// <param name="cancellationToken">Cancels the login.</param>
    /// <returns>The session.</returns>
    public Task<LicenseSession> LoginAsync(IReadOnlyList<FeatureRequest> features, CancellationToken cancellationToken = default) =>
        LoginAsync(
            _product ?? throw new InvalidOperationException("Set LicenseClientOptions.Product or pass the product to LoginAsync."),
            features,
            cancellationToken);

    /// <summary>Logs in and takes the seats of every feature named, or none (R-SESS-1); then heartbeats in the
    /// background at the interval the server gives. Servers are tried in the configured order; the first that answers wins.</summary>
    /// <param name="product">The product.</param>
    /// <param name="features">The features and seat counts wanted.</param>
    /// <param name="cancellationToken">Cancels the login.</param>
    /// <returns>The session.</returns>
    /// <exception cref="LicenseServerException">The server refused (e.g. <c>seats_exhausted</c>, <c>maintenance</c>,
    /// <c>not_found</c>) or no server answered (<c>server_unreachable</c>).</exception>
    /// <exception cref="InvalidOperationException">Already logged in.</exception>
    public async Task<LicenseSession> LoginAsync(string product, IReadOnlyList<FeatureRequest> features, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new ArgumentException("Ask for at least one feature.", nameof(features));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ActiveSession is not null)
            {
                throw new InvalidOperationException("Already logged in; log out first.");
            }

            await RetireSessionAsync().ConfigureAwait(false);
            // One request id for this login and every retry of it: a retry after a lost answer finds the
            // session (and seats) the first attempt made, on whichever server it reaches.
            var request = new LoginRequest(product, [.. features], _client, _queueSeconds > 0 ? _queueSeconds : null, Guid.NewGuid().ToString("N"));
            var (login, server, grid) = await LoginOnAnyGridAsync(request, cancellationToken).ConfigureAwait(false);

            grid.Servers.SetCurrent(server);
            LearnGateways(grid, login.Servers);
            var session = new SessionState(product, login, grid, _time.GetUtcNow());
            LearnBackup(session.Current);
            if (grid == Preferred)
            {
                session.HomeLicenseId = login.LicenseId;
            }
            else
            {
                session.NextFailbackProbe = _time.GetUtcNow() + _failbackInterval;
            }

            Volatile.Write(ref _session, session);
            WatchKicks(session, session.Current);
            _usage.OnLogin(product, login.Features, _time.GetUtcNow());
            ClientLog.LogInformationLoggedIn(_logger, server, session.Id, session.LicenseId, session.HeartbeatInterval);
            session.Loop = HeartbeatLoopAsync(session);
            return session.Snapshot();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Takes more seats in the session, all or none (R-SESS-1).</summary>
    /// <param name="features">The features and extra seat counts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every seat the session holds now.</returns>
    /// <exception cref="LicenseServerException">Refused (e.g. <c>seats_exhausted</c>; 410 also raises <see cref="Kicked"/>),
    /// or no server answered before the session timeout. A timed-out request is repeated with the same request id,
    /// which the server recognises, so seats are never taken twice.</exception>
    /// <exception cref="InvalidOperationException">Not logged in.</exception>
    public async Task<IReadOnlyList<FeatureRequest>> CheckOutAsync(IReadOnlyList<FeatureRequest> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new ArgumentException("Ask for at least one feature.", nameof(features));
        }

        var session = RequireSession();
        var request = new CheckOutRequest([.. features], Guid.NewGuid().ToString("N"));

        // Repeatable: the request id lets the session tell a retry of a check-out it applied from a new one, so a
        // retry after a lost answer takes nothing twice (issue #13 item 4).
        var answer = await WithUsageUploadAsync(() => session.Current.Grid, _usage.Product ?? _product, () => SessionCallAsync(
            session,
            (here, server, ct) => here.Grid.Transport.CheckOutAsync(server, here.Id, request, ct),
            repeatable: true,
            cancellationToken), cancellationToken).ConfigureAwait(false);
        session.SetFeatures(answer.Features);
        _usage.OnCheckedOut(features, answer.Features, _time.GetUtcNow());
        return answer.Features;
    }

    /// <summary>Returns every seat of one feature to the pool.</summary>
    /// <param name="feature">The feature name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server took the seats back.</returns>
    /// <exception cref="LicenseServerException">Refused (e.g. <c>not_found</c>), or no server answered before the session timeout.</exception>
    /// <exception cref="InvalidOperationException">Not logged in.</exception>
    public async Task CheckInAsync(string feature, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        var session = RequireSession();
        await SessionCallAsync(
            session,
            async (here, server, ct) =>
            {
                await here.Grid.Transport.CheckInAsync(server, here.Id, feature, ct).ConfigureAwait(false);
                return true;
            },
            repeatable: true,
            cancellationToken).ConfigureAwait(false);
        session.RemoveFeature(feature);
        _usage.OnCheckedIn(feature, _time.GetUtcNow());
    }

    /// <summary>Ends the session and returns all its seats. Does nothing when not logged in. The session is ended
    /// locally even when no server answers (the servers then time it out).</summary>
    /// <param name="cancellationToken">Cancels waiting for the server.</param>
    /// <returns>A task that completes when the server confirmed, or retries ran out.</returns>
    /// <exception cref="LicenseServerException">No server answered.</exception>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LogoutCoreAsync(_loginRetryAttempts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Logs out (one round over the servers, no back-off), stops heartbeats and releases the connections.</summary>
    /// <returns>A task that completes when done; it does not throw.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            var session = Volatile.Read(ref _session);
            try
            {
                // No back-off: disposal must be quick, and each request is bounded by the request timeout.
                await LogoutCoreAsync(retryAttempts: 0, CancellationToken.None).ConfigureAwait(false);
            }
            catch (LicenseServerException e)
            {
                ClientLog.LogWarningLogoutFailed(_logger, e, session?.Id ?? "");
            }

            await RetireSessionAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
            await _main.Transport.DisposeAsync().ConfigureAwait(false);
            if (Volatile.Read(ref _backup) is { } backup)
            {
                await backup.Transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private SessionState RequireSession() =>
        ActiveSession ?? throw new InvalidOperationException("Not logged in.");

    // Waits for an ended session's heartbeat loop and frees it; called under the lifecycle lock.
    private async Task RetireSessionAsync()
    {
        if (Volatile.Read(ref _session) is not { } old)
        {
            return;
        }

        old.TryEnd();
        await old.WhenLoopStoppedAsync().ConfigureAwait(false);
        old.Dispose();
        Volatile.Write(ref _session, null);
    }

    private async Task LogoutCoreAsync(int retryAttempts, CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _session);
        if (session is null || !session.TryEnd())
        {
            return;
        }

        _usage.OnEnded(_time.GetUtcNow());
        await session.WhenLoopStoppedAsync().ConfigureAwait(false);

        // A backup move in flight finishes first, so the session logged out is the one that holds the seats.
        await session.Moving.WaitAsync(cancellationToken).ConfigureAwait(false);
        session.Moving.Release();
        var here = session.Current;
        await LogoutServerSessionAsync(here, retryAttempts, cancellationToken).ConfigureAwait(false);
        ClientLog.LogInformationLoggedOut(_logger, here.Id);
    }

    private async Task LogoutServerSessionAsync(ServerSession here, int retryAttempts, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(
                here.Grid,
                here.Grid.Servers.FromCurrent,
                async (server, ct) =>
                {
                    await here.Grid.Transport.LogoutAsync(server, here.Id, ct).ConfigureAwait(false);
                    return true;
                },
                repeatable: true,
                retryAttempts,

                // No deadline: even past the timeout a logout is worth one try, and a 410 answer is fine.
                static () => null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (LicenseServerException e) when (e.Status is (int)HttpStatusCode.Gone or (int)HttpStatusCode.NotFound)
        {
            // Kicked meanwhile, or already logged out: what logout wanted is already true.
        }
    }

    // A call within the session: starts at the current server, fails over to the others, retries rounds with
    // back-off until the session timeout, and raises Kicked on 410. When the session can move to the other grid of a
    // backup relationship (R-BAK-4), its own grid gets LoginRetryAttempts more rounds; then the session moves there and
    // the call is made there.
    private async Task<T> SessionCallAsync<T>(SessionState session, Func<ServerSession, Uri, CancellationToken, Task<T>> call, bool repeatable, CancellationToken cancellationToken)
    {
        for (int moves = 0, failedMoves = 0; ; )
        {
            var here = session.Current;
            var target = BackupTarget(session, here);
            try
            {
                var (value, server) = await ExecuteAsync(
                    here.Grid,
                    here.Grid.Servers.FromCurrent,
                    (server, ct) => call(here, server, ct),
                    repeatable,
                    target is null ? int.MaxValue : _loginRetryAttempts,
                    () => session.Deadline,
                    cancellationToken).ConfigureAwait(false);
                await OnAnsweredAsync(session, here, server, cancellationToken).ConfigureAwait(false);
                return value;
            }
            catch (LicenseServerException e) when (e.Status == (int)HttpStatusCode.Gone && session.Current != here)
            {
                // The session moved to the other grid meanwhile: the call goes there.
            }
            catch (LicenseServerException e) when (e.Status == (int)HttpStatusCode.Gone)
            {
                Kick(session, e);
                throw;
            }
            catch (LicenseServerException e) when (e.IsTransient && target is not null && session.IsActive)
            {
                var (_, refusal) = await MoveAsync(session, here, target, planned: false, cancellationToken).ConfigureAwait(false);
                if (refusal is null)
                {
                    // Moved (here or by another call). Grids that take logins but fail every call would bounce it forever.
                    if (++moves > MaxBackupMovesPerCall)
                    {
                        throw;
                    }

                    continue;
                }

                // Seat limits are per grid: a refusal there is final for now, and the own grid is tried on the usual
                // schedule until the deadline, which then reports what the other grid said.
                var remaining = session.Deadline - _time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    throw refusal.IsTransient ? e : refusal;
                }

                await Task.Delay(RetryBackoff.Delay(failedMoves++, _retryBaseDelay, _retryMaxDelay, Random.Shared.NextDouble(), remaining), _time, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    private async Task<(T Value, Uri Server)> ExecuteAsync<T>(
        GridLink grid,
        Func<IReadOnlyList<Uri>> order,
        Func<Uri, CancellationToken, Task<T>> call,
        bool repeatable,
        int retryAttempts,
        Func<DateTimeOffset?> deadline,
        CancellationToken cancellationToken)
    {
        TransientGatewayException? last = null;
        var pipeline = _retries.Create(retryAttempts, deadline, (attempt, delay, e) => ClientLog.LogWarningRetrying(_logger, e?.InnerException, attempt + 1, delay));
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    if (deadline() is { } due && _time.GetUtcNow() >= due)
                    {
                        throw new DeadlineReachedException(due);
                    }

                    foreach (var server in grid.Transport.Targets(order()))
                    {
                        try
                        {
                            var value = await call(server, token).ConfigureAwait(false);
                            return (value, grid.Transport.AnsweredBy(server));
                        }
                        catch (TransientGatewayException e)
                        {
                            ClientLog.LogWarningServerFailed(_logger, server, e.Message);
                            if (e.MayHaveBeenProcessed && !repeatable)
                            {
                                throw new LicenseServerException(
                                    ClientErrorCodes.OutcomeUnknown,
                                    0,
                                    $"{e.Message}; the request may have been applied, so it is not repeated.",
                                    server,
                                    isTransient: true,
                                    e);
                            }

                            last = e;
                        }
                    }

                    throw new RoundFailedException(last ?? throw new InvalidOperationException("No server to try."));
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RoundFailedException e)
        {
            throw GaveUp(e.Last, null);
        }
        catch (DeadlineReachedException e)
        {
            throw GaveUp(last, e.Deadline);
        }
    }

    private static LicenseServerException GaveUp(TransientGatewayException? last, DateTimeOffset? deadline)
    {
        var timedOut = deadline is { } d ? $" before the session timeout at {d:O}" : "";
        if (last?.Answer is { } answer)
        {
            // A server did answer (a 5xx): its code tells the program more than "unreachable".
            return new LicenseServerException(answer.Code, answer.Status, answer.Detail + timedOut, answer.Server, isTransient: true, last);
        }

        return new LicenseServerException(
            ClientErrorCodes.Unreachable,
            0,
            $"No license server answered{timedOut}: {last?.Message ?? "no attempt was made"}",
            last?.Server,
            isTransient: true,
            last);
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args, string eventName)
    {
        if (handler is null)
        {
            return;
        }

        // Each handler on its own: one that throws must not keep the others from hearing the news.
        foreach (var single in handler.GetInvocationList().Cast<EventHandler<TArgs>>())
        {
            try
            {
                single(this, args);
            }
            catch (Exception e)
            {
                ClientLog.LogErrorEventHandlerFailed(_logger, e, eventName);
            }
        }
    }
}
