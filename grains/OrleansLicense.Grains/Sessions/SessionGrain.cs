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
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// One client session once it lives past its login: heartbeats stay in memory and renew the pools' leases at most every
/// timeout / 4, so a heartbeat costs no write; check-outs, check-ins, logouts and removals change what it holds.
/// </summary>
/// <remarks>
/// <para>
/// A login is not this grain's (<see cref="Logins"/>): each pool's grant stores who logged in with the seats
/// (<see cref="SessionRecord"/>), and those leases are the session's record until its first heartbeat. That heartbeat
/// activates this grain, which finds the session in the leases (<see cref="RecoverAsync"/>), takes it over at each pool
/// (a renewal: from then on a logout ends it here, not at the pools) and stores its row. A check-out or check-in does the
/// same. So a login+logout that ends before its first heartbeat writes only the pools' events and activates no session
/// grain. A stored session is stored as ended, as before.
/// </para>
/// <para>
/// The same search serves a session whose silo died before its first heartbeat (it is adopted), and tells an ended one
/// from one never issued: when no pool holds an id this grid issued, it ended (410, and a repeated logout answers 204).
/// Every seat a pool counts has an owner the admin API lists and can remove (issue 12, item 6): the listing reads the
/// leases, with their records (<see cref="Queries.LicenseQueries"/>).
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

    public async Task<HeartbeatResult> Heartbeat(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        EnsureActive();
        await EnsureUsageStillUploadedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        _lastHeartbeat = now;
        _restoredAt = null;
        var timeout = session.State.TimeoutSeconds;
        if (!session.RecordExists || now - _lastRenewal >= TimeSpan.FromSeconds(timeout / 4.0))
        {
            await RenewLeasesAsync(now, cancellationToken);
        }

        if (!session.RecordExists)
        {
            await StoreOnFirstHeartbeatAsync(cancellationToken);
        }

        return new HeartbeatResult(timeout, SessionTimeouts.HeartbeatIntervalSeconds(timeout));
    }

    // A session that stored nothing yet takes itself over from its login before it first writes its row.
    private Task TakeOverAsync(CancellationToken cancellationToken)
        => session.RecordExists ? Task.CompletedTask : RenewLeasesAsync(clock.GetUtcNow(), cancellationToken);

    // Renews every lease, which also takes the session over from its login at each pool (a logout no longer ends it
    // there without this grain, see IFeatureGrain.EndUnstored): done before the session's row is first stored. A pool
    // that expired or ended the session meanwhile kicks it.
    private async Task RenewLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
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
            await KickAsync(cancellationToken);
            EnsureActive();
        }
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
        await TakeOverAsync(cancellationToken);

        // Checked on every call that takes a seat, not only at login: the session id may travel (issue 14, item 11).
        LicenseUse.Check(summary, fromThisMachine, clock.GetUtcNow());

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

        await TakeOverAsync(cancellationToken);

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
        if (!session.RecordExists)
        {
            // Found in the leases, or not at all: its login may still end it there without this grain (see
            // IFeatureGrain.EndUnstored), so the next call looks again rather than trust this activation's copy.
            DeactivateOnIdle();
        }

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

    // What this session holds of a feature before a check-out's grant.
    private int HeldNow(string feature) => session.State.Features.Find(f => f.Name == feature)?.Count ?? 0;

    // Within a session the answer is kept until it falls due, so a heartbeat costs no extra call.
    private async Task EnsureUsageStillUploadedAsync(CancellationToken cancellationToken)
    {
        if (_usageDue is { } due && clock.GetUtcNow() < due)
        {
            return;
        }

        var summary = await lookups.SummaryAsync(GrainFactory, session.State.LicenseId);
        _usageDue = await LicenseUse.CheckUsageUploadedAsync(GrainFactory, session.State.LicenseId, summary?.ForcedAuthenticationHours, session.State.Client, cancellationToken);
    }

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
        if (session.State.Status != SessionStatus.None || _lookedForLeases)
        {
            return;
        }

        if (!issuedIds.CanTell)
        {
            // Not "unknown": a silo just started may host this grain before it adopted the grid's key (answered 503).
            throw new SessionIdsNotReadyException();
        }

        if (!issuedIds.WasIssued(Key))
        {
            return;
        }

        // Looked once the search answered: a search that failed (a pool's silo just died) is tried again by the next call.
        var now = clock.GetUtcNow();
        var found = await leases.FindAsync(Key, now, cancellationToken);
        _lookedForLeases = true;
        if (found is null)
        {
            // Memory only: the id keeps answering "ended" without a row, and a repeated logout 204 as a logged-out one.
            session.State.Status = SessionStatus.LoggedOut;
            _endedUnstored = true;
            return;
        }

        session.State = found;
        _lastHeartbeat = now;
        _restoredAt = now;

        // Not stored here: GetInfo finds it too, and its first heartbeat stores it.
        LogDebugFoundInLeases(logger, Key, found.LicenseId);
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

    [LoggerMessage(EventId = 3304, Level = LogLevel.Debug, Message = "Session {SessionId} had stored no row: found in the leases of license {LicenseId}")]
    private static partial void LogDebugFoundInLeases(ILogger logger, string sessionId, string licenseId);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Session {SessionId} could not leave the index of sessions without seats; the entry is pruned when it next expires")]
    private static partial void LogWarningSeatlessIndex(ILogger logger, Exception error, string sessionId);
}
