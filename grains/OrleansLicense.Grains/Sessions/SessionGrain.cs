using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// One client session. The session decides which license serves a login and takes the seats
/// at the feature pools; heartbeats stay in memory and renew the pools' leases at most every
/// timeout / 4, so a heartbeat costs no write.
/// </summary>
/// <remarks>
/// <para>
/// A login stores no row of its own: each pool's grant stores who logged in with the seats
/// (<see cref="SessionRecord"/>), and those leases are the session's durable record. The session stores its row at its
/// first heartbeat (or when a check-out or check-in changes what it holds), so a login+logout that ends before then
/// writes only the pools' events. Its end is the pools' too: <see cref="IFeatureGrain.End"/> gives the seats back and
/// refuses, for a while, a late duplicate of its login. A stored session is stored as ended, as before.
/// </para>
/// <para>
/// An activation that finds no row for an id this grid issued looks for the session in the pools' leases
/// (<see cref="RecoverAsync"/>): a silo that died before the session's first heartbeat leaves it there, and it is
/// adopted (its next heartbeat stores it); when no pool holds it, it ended (410, and a repeated logout answers 204). Every seat a pool
/// counts has an owner the admin API lists and can remove (issue 12, item 6): the listing reads the leases, with their
/// records (<see cref="Queries.LicenseQueries"/>).
/// </para>
/// </remarks>
[GrainType("session")]
internal sealed partial class SessionGrain(
    [PersistentState("session", LicenseStorage.StateStorageName)] IPersistentState<SessionState> session,
    LoginLookups lookups,
    GrainReferences references,
    IIssuedSessionIds issuedIds,
    SessionLeases leases,
    TimeProvider clock,
    IOptions<LicensingOptions> options,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, ISessionClientGrain
{
    // A client retries one check-out at a time; a few ids cover retries that overlap a new check-out.
    private const int RecentCheckOutsKept = 8;

    private DateTimeOffset _lastHeartbeat;


    // Whether this activation has looked for its unstored session in the pools' leases (once is enough).
    private bool _lookedForLeases;

    // The session was not found anywhere, though this grid issued its id: it ended, how is unknown.
    private bool _endedUnstored;

    // When this activation loaded a live session from storage (a restart, a failover) and no heartbeat or login has
    // come since: the time then is a grace period, not a heartbeat anyone sent (issue #14 item 17).
    private DateTimeOffset? _restoredAt;
    private DateTimeOffset _lastRenewal;

    // Forced authentication (R-USE-1): until when the client's last usage upload is good; null = not checked yet.
    private DateTimeOffset? _usageDue;

    // The kick observer whose subscription this activation last renewed, and when (Environment.TickCount64).
    private GrainId? _watchRenewedFor;
    private long _watchRenewedAt;

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a restart the last heartbeat is unknown: count from now, as the pools do. The pools'
        // leases, though, may have run on since this session was last active (idle collection, or
        // another silo): the first heartbeat of a fresh activation always renews them.
        _lastHeartbeat = clock.GetUtcNow();
        _restoredAt = session.State.Status == SessionStatus.Active ? _lastHeartbeat : null;
        _lastRenewal = DateTimeOffset.MinValue;
        return Task.CompletedTask;
    }

    public async Task<LoginResult> Login(LoginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_endedUnstored)
        {
            // Found in no pool, which a refused login's id is too: the pools alone know whether it ended (a late
            // duplicate of its login is refused there), so the login asks them.
            ForgetLogin();
            (_endedUnstored, _lookedForLeases) = (false, false);
        }

        if (session.State.Status != SessionStatus.None)
        {
            // Session ids are fresh per login, so the same login arriving again is the router
            // re-delivering a call whose answer was lost with a silo: answer it once more. The
            // session was stored before its seats were taken, so take them again: a pool grants
            // nothing twice, and one that never saw the first call grants now.
            if (IsSameLogin(session.State, command))
            {
                var held = session.State;
                var summary = await lookups.SummaryAsync(GrainFactory, held.LicenseId)
                    ?? throw LicensingException.NotFound($"License '{held.LicenseId}' no longer exists.");
                CheckUsable(summary, command.IsLoopback);
                var again = await TryTakeSeatsAsync(summary.Id, held.Features, held.TimeoutSeconds, waitUntil: null, Record(), cancellationToken);
                if (again.Error is { } error)
                {
                    await ForgetRefusedLoginAsync(again);
                    ExceptionDispatchInfo.Throw(error);
                }

                return Answer(held.TimeoutSeconds);
            }

            // Another login made this id (the same request id, a different login): refuse without naming the
            // session, whose id is its holder's only credential (issue 14, item 1).
            ForgetEndedActivation();
            throw LicensingException.BadRequest("This requestId was already used by another login; send a new requestId for each login.");
        }

        var settings = await lookups.SettingsAsync(GrainFactory);
        if (settings.Maintenance)
        {
            throw new LicensingException(ErrorCodes.Maintenance, "The license server is in maintenance mode: logins are refused until an administrator switches it back to normal.");
        }

        var licenseIds = await lookups.LicensesOfAsync(GrainFactory, command.Product);
        if (command.LicenseId is { } asked)
        {
            licenseIds = await OnlyAskedLicenseAsync(asked, command.Product, licenseIds);
        }

        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{command.Product}'.");
        }

        var timeout = settings.ClientTimeoutSeconds;
        LicensingException? refusal = null;
        // First every license without waiting; then, when all were full and the client asked to
        // queue (R-SESS-6), again, each waiting in its pool's queue until the client's deadline.
        var queueUntil = command.QueueSeconds > 0 ? clock.GetUtcNow().AddSeconds(command.QueueSeconds) : (DateTimeOffset?)null;
        for (var pass = 0; pass < 2; pass++)
        {
            DateTimeOffset? waitUntil = pass == 0 ? null : queueUntil;
            if (pass == 1 && (waitUntil is null || refusal?.Code != ErrorCodes.SeatsExhausted))
            {
                break;
            }

            foreach (var licenseId in licenseIds)
            {
                var summary = await lookups.SummaryAsync(GrainFactory, licenseId);
                var unusable = Unusable(summary, command);
                if (unusable is not null)
                {
                    refusal = MoreTelling(refusal, unusable);
                    continue;
                }

                try
                {
                    await EnsureUsageUploadedAsync(licenseId, summary!.ForcedAuthenticationHours, command.Client, cancellationToken);
                    CheckUsable(summary, command.IsLoopback);

                    // No look at the pools' free seats first: a login stores nothing before they decide, and a retry
                    // whose first attempt took its seats (its answer lost with a silo) must find them, full pool or not.
                    await TakeSeatsAsync(command, summary.Id, timeout, waitUntil, cancellationToken);
                }
                catch (LicensingException ex)
                {
                    refusal = MoreTelling(refusal, ex);
                    continue;
                }

                return Answer(timeout);
            }
        }

        throw refusal ?? LicensingException.NotFound($"No license for product '{command.Product}'.");
    }

    // R-BAK-4: a client failing over to a backup partner names the mapped license; seats come from it alone.
    private async Task<IReadOnlyList<string>> OnlyAskedLicenseAsync(string licenseId, string product, IReadOnlyList<string> licensesOfProduct)
    {
        if (licensesOfProduct.Contains(licenseId, StringComparer.Ordinal))
        {
            return [licenseId];
        }

        var summary = await lookups.SummaryAsync(GrainFactory, licenseId);
        throw summary is null
            ? LicensingException.NotFound($"There is no license '{licenseId}' on this server.")
            : LicensingException.BadRequest($"licenseId: license '{licenseId}' is not a license of product '{product}'.");
    }

    // The pools' grants store who logged in with the seats: the session's record until it stores its own row (see the
    // class remarks).
    private async Task TakeSeatsAsync(LoginCommand command, string licenseId, int timeout, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
    {
        BecomeActive(command, licenseId, timeout);
        var seats = await TryTakeSeatsAsync(licenseId, command.Features, timeout, waitUntil, Record(), cancellationToken);
        if (seats.Error is { } refused)
        {
            await ForgetRefusedLoginAsync(seats);
            ExceptionDispatchInfo.Throw(refused);
        }
    }

    // Takes a login's seats, all or none: on a refusal the seats it took go back. Never throws; the outcome says
    // what failed and whether what was taken went back.
    private async Task<SeatsTaken> TryTakeSeatsAsync(string licenseId, IReadOnlyList<FeatureRequest> features, int timeout, DateTimeOffset? waitUntil, SessionRecord record, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        try
        {
            foreach (var feature in features)
            {
                // A session logging in holds nothing yet: a repeated grant is a no-op.
                var pool = Pool(licenseId, feature.Name);
                try
                {
                    await pool.AcquireForLogin(Key, record, feature.Count, timeout, waitUntil, cancellationToken);
                }
                catch (Exception ex) when (ex is not LicensingException)
                {
                    // The pool may have granted before the answer was lost: give it back too.
                    taken.Add(feature.Name);
                    throw;
                }

                taken.Add(feature.Name);
            }

            return SeatsTaken.All;
        }
        catch (Exception ex)
        {
            return new SeatsTaken(ex, await GiveBackAsync(licenseId, taken));
        }
    }

    // A refused login leaves no session, so a retry of it starts afresh. Should giving the seats back have failed, the
    // session stays live: its seats stay listed and removable, and their leases expire unless renewed.
    private async Task ForgetRefusedLoginAsync(SeatsTaken seats)
    {
        if (seats.GaveBack)
        {
            ForgetLogin();
            if (session.RecordExists)
            {
                // Deleted, not stored as "no session": both read the same, and a row per refused login would pile up.
                await session.ClearStateAsync(CancellationToken.None);
            }
        }
    }

    // Gives back every seat of these features (the session held none of them before); false when that failed.
    private async Task<bool> GiveBackAsync(string licenseId, IReadOnlyCollection<string> features)
    {
        if (features.Count == 0)
        {
            return true;
        }

        try
        {
            await ReleaseAsync(licenseId, features, CancellationToken.None);
            return true;
        }
        catch (Exception ex)
        {
            LogWarningGiveBackFailed(logger, ex, Key, licenseId);
            return false;
        }
    }

    private void BecomeActive(LoginCommand command, string licenseId, int timeout)
    {
        var now = clock.GetUtcNow();
        var state = session.State;
        state.Status = SessionStatus.Active;
        state.Product = command.Product;
        state.LicenseId = licenseId;
        state.Client = command.Client;
        state.Address = command.Address;
        state.Features = [.. command.Features];
        state.PendingFeatures = [];
        state.Since = now;
        state.TimeoutSeconds = timeout;
        state.ForgetAfter = null;
        _lastHeartbeat = _lastRenewal = now;
        _restoredAt = null;
    }

    private void ForgetLogin() => session.State = new SessionState();

    // What a login's grants store with its seats.
    private SessionRecord Record()
    {
        var state = session.State;
        return new SessionRecord(state.Product, state.Client, state.Address, [.. state.Features], state.Since);
    }

    private LoginResult Answer(int timeout)
        => new(Key, timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout), session.State.LicenseId, session.State.Features);

    // A retry comes from the client that sent the login, so from its address too: one who learnt or
    // guessed the request id and replays the login from elsewhere does not get the session's id.
    private static bool IsSameLogin(SessionState state, LoginCommand command) =>
        state.Status == SessionStatus.Active
        && state.Product == command.Product
        && state.Address == command.Address
        && Equals(state.Client, command.Client)
        && state.Features.SequenceEqual(command.Features);

    public async Task<HeartbeatResult> Heartbeat(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        EnsureActive();
        if (!session.RecordExists)
        {
            await StoreOnFirstHeartbeatAsync(cancellationToken);
        }

        await EnsureUsageStillUploadedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        _lastHeartbeat = now;
        _restoredAt = null;
        var timeout = session.State.TimeoutSeconds;
        if (now - _lastRenewal >= TimeSpan.FromSeconds(timeout / 4.0))
        {
            _lastRenewal = now;
            if (HoldsNoSeat)
            {
                await Seatless.Touch(Key);
            }

            var renewed = await Task.WhenAll(session.State.Features.Select(f =>
                Pool(session.State.LicenseId, f.Name).Renew(Key, cancellationToken)));
            if (renewed.Contains(false))
            {
                // A pool expired this session before the heartbeat arrived: it is kicked.
                await KickAsync(cancellationToken);
                EnsureActive();
            }
        }

        return new HeartbeatResult(timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout));
    }

    public async Task<ClientHeartbeat> Heartbeat(IKickObserver? observer)
    {
        if (observer is not null && session.State.Status == SessionStatus.Active)
        {
            RenewWatch(observer);
        }

        try
        {
            var beat = await Heartbeat(CancellationToken.None);

            // The silo's call filter for client calls fills in its gateway.
            return new ClientHeartbeat(beat.TimeoutSeconds, beat.HeartbeatIntervalSeconds, Kicked: false, Detail: null, Gateway: "");
        }
        catch (LicensingException e) when (e.Code == ErrorCodes.SessionExpired)
        {
            return new ClientHeartbeat(0, 0, Kicked: true, e.Message, Gateway: "");
        }
    }

    // The subscription is lost when the watch grain's silo dies, so heartbeats renew it; one-way, so the heartbeat does
    // not wait for it. Renewals closer together than a second are one: the client library heartbeats a session at most
    // once a second, so each of its heartbeats still renews; only retries and load generators repeat faster.
    private void RenewWatch(IKickObserver observer)
    {
        var now = Environment.TickCount64;
        var id = observer.GetGrainId();
        if (_watchRenewedFor == id && now - _watchRenewedAt < 1_000)
        {
            return;
        }

        (_watchRenewedFor, _watchRenewedAt) = (id, now);
        _ = references.Get<ISessionWatchGrain>(Key).Subscribe(observer);
    }

    public async Task<IReadOnlyList<FeatureRequest>> CheckOut(IReadOnlyList<FeatureRequest> features, string? requestId, bool fromThisMachine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        await RecoverAsync(cancellationToken);
        EnsureActive();
        var state = session.State;
        if (requestId is not null && state.RecentCheckOuts.Contains(requestId))
        {
            // A retry (by the client, or by the router after a silo died) of a check-out that took its seats.
            return state.Features;
        }

        await EnsureUsageStillUploadedAsync(cancellationToken);
        var summary = await lookups.SummaryAsync(GrainFactory, state.LicenseId)
            ?? throw LicensingException.NotFound($"License '{state.LicenseId}' no longer exists.");
        var missing = features.Select(f => f.Name).Except(summary.Features, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw LicensingException.NotFound($"License '{state.LicenseId}' has no usable feature {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }

        var wasSeatless = HoldsNoSeat;

        // Checked on every call that takes a seat, not only at login: the session id may travel (issue 14, item 11).
        CheckUsable(summary, fromThisMachine);

        // A feature the session does not hold yet is named in its stored state before a seat of it
        // is taken, so that removing the session gives it back whatever happens next.
        var newFeatures = features.Select(f => f.Name)
            .Where(n => !state.Features.Exists(f => f.Name == n) && !state.PendingFeatures.Contains(n))
            .ToList();
        if (newFeatures.Count > 0)
        {
            state.PendingFeatures = [.. state.PendingFeatures, .. newFeatures];
            await session.WriteStateAsync(cancellationToken);
        }

        // All or none: take each feature in turn; on a refusal give back what this call took.
        var taken = new List<FeatureRequest>();
        try
        {
            foreach (var feature in features)
            {
                await Pool(state.LicenseId, feature.Name).Acquire(Key, HeldNow(feature.Name), feature.Count, state.TimeoutSeconds, waitUntil: null, cancellationToken);
                taken.Add(feature);
            }
        }
        catch
        {
            try
            {
                await Task.WhenAll(taken.Select(t => Pool(state.LicenseId, t.Name).Release(Key, t.Count, CancellationToken.None)));
            }
            catch (Exception ex)
            {
                // The seats stay held by this live session and are given back when it ends.
                LogWarningGiveBackFailed(logger, ex, Key, state.LicenseId);
            }

            throw;
        }

        foreach (var feature in features)
        {
            var at = state.Features.FindIndex(f => f.Name == feature.Name);
            state.Features = at < 0
                ? [.. state.Features, feature]
                : [.. state.Features.Select((f, i) => i == at ? f with { Count = f.Count + feature.Count } : f)];
        }

        state.PendingFeatures = [.. state.PendingFeatures.Where(n => !state.Features.Exists(f => f.Name == n))];
        if (requestId is not null)
        {
            state.RecentCheckOuts = [.. state.RecentCheckOuts.TakeLast(RecentCheckOutsKept - 1), requestId];
        }

        await session.WriteStateAsync(cancellationToken);
        if (wasSeatless)
        {
            // Its leases list it again; a stale index entry would only be pruned later.
            await LeaveSeatlessIndexAsync();
        }

        return state.Features;
    }

    public async Task CheckIn(string feature, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        EnsureActive();
        var state = session.State;
        if (!state.Features.Any(f => f.Name == feature))
        {
            throw LicensingException.NotFound($"Session '{Key}' holds no seat of feature '{feature}'.");
        }

        if (state.Features.Count == 1 && state.PendingFeatures.Count == 0)
        {
            // Its last seat: without a lease no pool lists it, so it is indexed first and stays listed (issue 14, item 8).
            await Seatless.Add(Key, state.TimeoutSeconds, cancellationToken);
        }

        // Given back before the session stops naming the feature (see the class remarks).
        await Pool(state.LicenseId, feature).Release(Key, null, cancellationToken);
        state.Features = [.. state.Features.Where(f => f.Name != feature)];
        await session.WriteStateAsync(cancellationToken);
    }

    public async Task Logout(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        switch (session.State.Status)
        {
            case SessionStatus.LoggedOut:
                // A retry: the first attempt may have stored the end while a pool had not yet given the seats back.
                await ReleaseEndedHoldingAsync(cancellationToken);
                ForgetEndedActivation();
                return;
            case SessionStatus.Active:
                await EndAsync(SessionStatus.LoggedOut, cancellationToken);
                return;
            default:
                await ReleaseEndedHoldingAsync(cancellationToken);
                EnsureActive();
                return;
        }
    }

    public async Task Remove(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        if (session.State.Status != SessionStatus.Active)
        {
            if (session.State.Status != SessionStatus.None && session.State.EndedHolding.Count > 0)
            {
                await ReleaseEndedHoldingAsync(cancellationToken);
                ForgetEndedActivation();
                return;
            }

            ForgetEndedActivation();

            throw LicensingException.NotFound($"No live session '{Key}'.");
        }

        await EndAsync(SessionStatus.Kicked, cancellationToken);
    }

    public async Task<SessionInfo?> GetInfo()
    {
        await RecoverAsync(CancellationToken.None);
        var state = session.State;
        return state.Status == SessionStatus.None || _endedUnstored
            ? null
            : new SessionInfo(Key, state.Product, state.LicenseId, state.Client, state.Address, state.Features, state.Since, _lastHeartbeat, state.Status,
                _restoredAt, _lastHeartbeat.AddSeconds(state.TimeoutSeconds));
    }

    public async Task LeaseExpired(string licenseId, string feature)
    {
        // The seatless index tells with an empty license id; it may be stale (the session took seats again, or ended).
        var fromSeatlessIndex = licenseId.Length == 0;
        await RecoverAsync(CancellationToken.None);
        if (session.State.Status == SessionStatus.Active && (!fromSeatlessIndex || HoldsNoSeat))
        {
            await KickAsync(CancellationToken.None);
        }
        else if (fromSeatlessIndex)
        {
            await LeaveSeatlessIndexAsync();
        }
    }

    private static LicensingException? Unusable(LicenseSummary? summary, LoginCommand command)
    {
        if (summary is null || !summary.Active)
        {
            return new LicensingException(ErrorCodes.LicenseDeactivated, $"The license of product '{command.Product}' is deactivated.");
        }

        var missing = command.Features.Select(f => f.Name).Except(summary.Features, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return LicensingException.NotFound($"No license of product '{command.Product}' has usable feature {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }

        return null;
    }

    // When several licenses refuse, report the refusal that tells the client most.
    private static LicensingException MoreTelling(LicensingException? current, LicensingException candidate)
    {
        static int Rank(string code) => code switch
        {
            ErrorCodes.UsageUploadRequired => 7,
            ErrorCodes.SeatsExhausted => 6,
            ErrorCodes.LocalOnly => 5,
            ErrorCodes.LicenseExpired => 4,
            ErrorCodes.LicenseDeactivated => 3,
            ErrorCodes.NotFound => 2,
            _ => 1,
        };

        return current is null || Rank(candidate.Code) > Rank(current.Code) ? candidate : current;
    }

    // What a login or check-out checks before it asks a pool (the caller has read the summary already).
    private void CheckUsable(LicenseSummary summary, bool isLoopback)
    {
        if (summary.Expires is { } expires && expires <= clock.GetUtcNow())
        {
            throw new LicensingException(ErrorCodes.LicenseExpired, $"License '{summary.Id}' expired at {expires:O}.");
        }

        if (summary.LocalOnly && !isLoopback)
        {
            throw new LicensingException(ErrorCodes.LocalOnly, $"License '{summary.Id}' serves only clients on the server's own machine.");
        }
    }

    // What this session holds of a feature before a check-out's grant.
    private int HeldNow(string feature) => session.State.Features.Find(f => f.Name == feature)?.Count ?? 0;

    // A license with usage statistics and forced authentication refuses a client whose usage upload is overdue.
    private async Task EnsureUsageUploadedAsync(string licenseId, int? forcedAuthenticationHours, ClientInfo? client, CancellationToken cancellationToken)
    {
        if (forcedAuthenticationHours is not int hours)
        {
            _usageDue = DateTimeOffset.MaxValue;
            return;
        }

        var clientId = UsageClientId.Of(client);
        var check = await GrainFactory.GetGrain<IUsageGrain>(licenseId).Check(clientId, hours, cancellationToken);
        _usageDue = check.Due;
        if (!check.Allowed)
        {
            throw UsageRefusal.Create(licenseId, clientId, hours, check.Due);
        }
    }

    // Within a session the answer is kept until it falls due, so a heartbeat costs no extra call.
    private async Task EnsureUsageStillUploadedAsync(CancellationToken cancellationToken)
    {
        if (_usageDue is { } due && clock.GetUtcNow() < due)
        {
            return;
        }

        var summary = await lookups.SummaryAsync(GrainFactory, session.State.LicenseId);
        await EnsureUsageUploadedAsync(session.State.LicenseId, summary?.ForcedAuthenticationHours, session.State.Client, cancellationToken);
    }

    private Task ReleaseAsync(string licenseId, IEnumerable<string> features, CancellationToken cancellationToken)
        => Task.WhenAll(features.Select(f => Pool(licenseId, f).Release(Key, null, cancellationToken)));

    // The session ended: every pool it held seats at gives them back and refuses a late duplicate of its login.
    private Task EndAtPoolsAsync(string licenseId, IEnumerable<string> features, CancellationToken cancellationToken)
        => Task.WhenAll(features.Select(f => Pool(licenseId, f).End(Key, cancellationToken)));

    private async Task KickAsync(CancellationToken cancellationToken) => await EndAsync(SessionStatus.Kicked, cancellationToken);

    private async Task EndAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        var state = session.State;
        var held = state.Features;
        var pending = state.PendingFeatures;
        var features = held.Select(f => f.Name).Union(pending, StringComparer.Ordinal).ToList();

        if (!session.RecordExists)
        {
            // Never stored: the pools' leases were its whole record, and ending them ends it. Should a pool fail, the
            // session stays live in memory and the client's retry ends it.
            await EndAtPoolsAsync(state.LicenseId, features, cancellationToken);
            state.Status = status;
            state.Features = [];
            state.PendingFeatures = [];
            Ended(status, held);
            return;
        }

        // The seats go back while the session is stored as ended: both commits at once.
        var release = EndAtPoolsAsync(state.LicenseId, features, cancellationToken);
        state.Status = status;
        state.Features = [];
        state.PendingFeatures = [];
        state.EndedHolding = features;

        // Kept long enough for retries (a lost logout answer, a late duplicate login), then swept (#12 storage growth).
        // An ended session is never written again, so the sweep cannot leave it a stale ETag to write with.
        state.ForgetAfter = clock.GetUtcNow() + options.Value.EndedSessionRetention;
        var store = session.WriteStateAsync(cancellationToken);
        var released = await Outcome(release);
        var stored = await Outcome(store);
        if (stored is not null)
        {
            // Stored is still "active": keep memory the same, so the client's retry ends it (a release is idempotent).
            state.Status = SessionStatus.Active;
            state.Features = held;
            state.PendingFeatures = pending;
            state.EndedHolding = [];
            state.ForgetAfter = null;
            ExceptionDispatchInfo.Throw(stored);
        }

        if (released is not null)
        {
            // Ended, but the pools may still count its seats: a repeated logout or removal gives them back (the stored
            // EndedHolding), and until then the admin API lists them from the pools' leases (whose timeout frees them anyway).
            ExceptionDispatchInfo.Throw(released);
        }

        if (held.Count == 0 && pending.Count == 0)
        {
            await LeaveSeatlessIndexAsync();
        }

        Ended(status, held);
    }

    private void Ended(SessionStatus status, IReadOnlyList<FeatureRequest> held)
    {
        var state = session.State;

        // One line per ended session (issue #14 item 15): who held what, and how it ended.
        LogInformationSessionEnded(logger, Key, status == SessionStatus.LoggedOut ? "logged out" : "ended by the server", state.Client?.User ?? "(none)", state.Client?.Host ?? "(none)", state.Product, string.Join(", ", held.Select(f => $"{f.Name} x{f.Count}")), state.LicenseId);

        // An ended session answers late calls from its stored row, or from its id and the pools (never stored): keeping
        // tens of thousands of them in memory until idle collection costs GC pauses (see docs/PERFORMANCE.md).
        DeactivateOnIdle();
    }

    // Gives back again what the session held when it ended (a no-op at a pool that already took it back).
    private Task ReleaseEndedHoldingAsync(CancellationToken cancellationToken)
        => session.State.EndedHolding.Count == 0
            ? Task.CompletedTask
            : EndAtPoolsAsync(session.State.LicenseId, session.State.EndedHolding, cancellationToken);

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    // A session that lives to its first heartbeat stores its row, so that its next activation reads it instead of
    // looking through every pool. Best effort: heartbeats keep answering while the database is down, and the pools'
    // leases stay its record until a later heartbeat stores it.
    private async Task StoreOnFirstHeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await session.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarningNotStored(logger, ex, Key);
        }
    }

    // A session that is neither in memory nor stored, with an id this grid issued: its silo died before its first
    // heartbeat (the pools' leases hold its record: adopt it), or it ended (no pool holds it).
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (session.State.Status != SessionStatus.None || _lookedForLeases || !issuedIds.WasIssued(Key))
        {
            return;
        }

        _lookedForLeases = true;
        var now = clock.GetUtcNow();
        if (await leases.FindAsync(Key, now, cancellationToken) is not { } found)
        {
            // Memory only: the id keeps answering "ended" without a row, and a repeated logout 204 as a logged-out one.
            session.State.Status = SessionStatus.LoggedOut;
            _endedUnstored = true;
            return;
        }

        session.State = found;
        _lastHeartbeat = now;
        _restoredAt = now;

        // Not stored here: GetInfo adopts too, and its next heartbeat stores it, as any session's first one does.
        LogInformationSessionAdopted(logger, Key, found.LicenseId, string.Join(", ", session.State.Features.Select(f => $"{f.Name} x{f.Count}")));
    }

    private void EnsureActive()
    {
        switch (session.State.Status)
        {
            case SessionStatus.Active:
                return;
            case SessionStatus.None:
                throw LicensingException.NotFound($"No session '{Key}'.");
            case SessionStatus.LoggedOut when _endedUnstored:
                ForgetEndedActivation();
                throw new LicensingException(ErrorCodes.SessionExpired, $"Session '{Key}' has ended (logged out, removed by an administrator, or no heartbeat within the timeout).");
            case SessionStatus.LoggedOut:
                ForgetEndedActivation();
                throw new LicensingException(ErrorCodes.SessionExpired, $"Session '{Key}' was logged out.");
            default:
                ForgetEndedActivation();
                throw new LicensingException(ErrorCodes.SessionExpired, $"Session '{Key}' was ended by the server (no heartbeat within the timeout, or removed by an administrator).");
        }
    }

    // A call that found the session ended (a retry) lets the activation go once it is answered, as EndAsync does: the
    // next call reads the stored row again, so once the retention sweep deleted it the id reads as never stored (404),
    // never as an ended session this activation still remembers (#12 storage growth).
    private void ForgetEndedActivation()
    {
        if (session.State.Status is not (SessionStatus.Active or SessionStatus.None))
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>True while the session is live (for <see cref="ClientGateway.SessionEndNotifier"/>, which runs in this grain's turn).</summary>
    internal bool IsLive => session.State.Status == SessionStatus.Active;

    private bool HoldsNoSeat => session.State.Features.Count == 0 && session.State.PendingFeatures.Count == 0;

    private ISeatlessSessionsGrain Seatless => references.Get<ISeatlessSessionsGrain>(ISeatlessSessionsGrain.ShardOf(Key));

    // Best effort: a stale entry is harmless (listing shows only live sessions, and the index's expiry asks again).
    private async Task LeaveSeatlessIndexAsync()
    {
        try
        {
            await Seatless.Remove(Key, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogWarningSeatlessIndex(logger, ex, Key);
        }
    }

    private IFeatureGrain Pool(string licenseId, string feature) => references.Get<IFeatureGrain>(FeatureKey.Of(licenseId, feature));

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Session {SessionId} {How}: user {User}, host {Host}, product {Product}, features {Features}, license {LicenseId}")]
    private static partial void LogInformationSessionEnded(ILogger logger, string sessionId, string how, string user, string host, string product, string features, string licenseId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Session {SessionId} could not give back the seats of license {LicenseId} it took for a refused request: they stay with the live session until it ends")]
    private static partial void LogWarningGiveBackFailed(ILogger logger, Exception error, string sessionId, string licenseId);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Warning, Message = "Session {SessionId} could not store its row at a heartbeat; the pools' leases stay its record and the next heartbeat tries again")]
    private static partial void LogWarningNotStored(ILogger logger, Exception error, string sessionId);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "Session {SessionId} had not stored its row when its activation was lost: adopted from the leases of license {LicenseId} ({Features})")]
    private static partial void LogInformationSessionAdopted(ILogger logger, string sessionId, string licenseId, string features);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Session {SessionId} could not leave the index of sessions without seats; the entry is pruned when it next expires")]
    private static partial void LogWarningSeatlessIndex(ILogger logger, Exception error, string sessionId);
}

/// <summary>How taking a login's seats went: the error that stopped it, if any, and whether what was taken went back.</summary>
internal sealed record SeatsTaken(Exception? Error, bool GaveBack)
{
    /// <summary>Every seat was granted.</summary>
    public static SeatsTaken All { get; } = new(null, GaveBack: true);
}
