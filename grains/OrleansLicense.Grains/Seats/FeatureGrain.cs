using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.GroupCommit;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Storage.EventLogs;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// Where a seat is granted. One pool per license feature. Every grant and release goes through
/// one group-commit queue: a flush decides all queued requests against the pool in order, stores
/// their events in one append, and only then answers the callers, so a granted seat is durable
/// and the pool never hands out more than it has (R-SESS-2), however many logins arrive at once.
/// Leases (when each holder's seats expire without renewal) live in memory: renewals are never
/// written, and after a restart every holder gets one full timeout of grace.
/// </summary>
/// <remarks>
/// The pool appends to its own event log (<see cref="IEventLogStore"/>, log "seats") rather than
/// rewriting one state document: a pool of 100,000 holders is megabytes of JSON. If an append
/// fails, every caller of that batch gets the error, later requests are refused, and the activation
/// deactivates, so its memory never runs ahead of storage; the next activation replays the log.
/// Events are deleted once both the newest snapshot and the license's stored peaks (R-USE-3) are past them
/// (#12 storage growth): each stored snapshot pokes the peaks to fold, and they answer with <see cref="PeaksFolded"/>.
/// The peaks read the events committed since their last fold from memory (<see cref="SeatChangeTail"/>, bounded), not
/// back from the log (#12 CPU); a reader further behind, or a fresh activation, reads the log.
/// </remarks>
[GrainType("feature")]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class FeatureGrain : Grain, IFeatureGrain
{
    private readonly IEventLogStore _store;
    private readonly LicensingOptions _options;
    private readonly TimeProvider _clock;
    private readonly SeatQueueMetrics _queueMetrics;
    private readonly ILogger<FeatureGrain> _logger;
    private readonly GroupCommitQueue<SeatRequest, int> _requests;
    private readonly Dictionary<string, DateTimeOffset> _leaseExpiry = new(StringComparer.Ordinal);

    // The holders this activation granted at their login and whose session grain has not taken them over (renewed,
    // checked out): a logout may end them here without their session (EndUnstored). Memory only: after a restart no
    // holder is known unstored, and every logout goes through its session grain.
    private readonly HashSet<string> _unstored = new(StringComparer.Ordinal);

    // Six times the login call's response timeout; at most a quarter of a million ids (about 40 MB).
    private readonly EndedHolders _ended = new(TimeSpan.FromMinutes(3), 250_000);
    private EventLog<SeatPoolState, SeatEvent>? _log;

    // The seat changes committed since the peaks' last fold, which the peaks read back instead of the log (#12 CPU).
    private SeatChangeTail? _tail;

    // How far the peaks' stored fold reaches (PeaksFolded), and whether a trim towards it is running.
    private long _peaksFolded;
    private bool _trimming;

    // The seat queue (R-SESS-6): completed, and replaced, by every flush that gives seats back; the
    // waiting requests then try again in the order they started waiting (their continuations queue
    // on the activation in that order). A login arriving at that moment may still come first.
    private TaskCompletionSource _seatsReturned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queued;
    private string _feature = "";
    private string _licenseId = "";

    // Set when an append failed: this activation's memory may differ from storage, so it answers
    // nothing more and deactivates.
    private Exception? _failure;

    public FeatureGrain(
        IEventLogStore store,
        IOptions<LicensingOptions> options,
        TimeProvider clock,
        SeatQueueMetrics queueMetrics,
        ILogger<FeatureGrain> logger)
    {
        _store = store;
        _queueMetrics = queueMetrics;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _requests = new GroupCommitQueue<SeatRequest, int>(CommitAsync);
    }

    private EventLog<SeatPoolState, SeatEvent> Pool => _log ?? throw new InvalidOperationException("The seat pool is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_licenseId, _feature) = FeatureKey.Parse(this.GetPrimaryKeyString());
        _log = new EventLog<SeatPoolState, SeatEvent>(
            SeatLogJson.LogName,
            this.GetGrainId().ToString(),
            _store,
            SeatLogJson.Options,
            _clock,
            snapshotFailed: error => LogWarningSnapshotFailed(_logger, error, _licenseId, _feature));
        await _log.LoadAsync(cancellationToken);
        _tail = new SeatChangeTail(_log.Version);

        // Grace after a restart or failover: live clients must never be kicked by a server crash.
        var now = _clock.GetUtcNow();
        foreach (var (sessionId, holding) in _log.State.Holders)
        {
            _leaseExpiry[sessionId] = now.AddSeconds(holding.TimeoutSeconds);
        }

        // Interleaved: logins waiting in the seat queue hold [AlwaysInterleave] turns open, and the
        // sweep that expires leases (and so frees seats for them) must not wait behind them.
        this.RegisterGrainTimer(SweepExpiredAsync, new GrainTimerCreationOptions(_options.LeaseSweepInterval, _options.LeaseSweepInterval) { Interleave = true });
    }

    public async Task Configure(int seats, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seats);
        if (Pool.State.Seats != seats || Pool.State.Enabled != enabled || Pool.Version == 0)
        {
            await SubmitAsync(new SeatRequest.Configure(seats, enabled));
        }
    }

    public Task<int> Acquire(string sessionId, int heldBefore, int count, int timeoutSeconds, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
        => AcquireAsync(sessionId, heldBefore, count, timeoutSeconds, waitUntil, session: null, cancellationToken);

    public Task<int> AcquireForLogin(string sessionId, SessionRecord session, int count, int timeoutSeconds, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return AcquireAsync(sessionId, heldBefore: 0, count, timeoutSeconds, waitUntil, session, cancellationToken);
    }

    private async Task<int> AcquireAsync(string sessionId, int heldBefore, int count, int timeoutSeconds, DateTimeOffset? waitUntil, SessionRecord? session, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentOutOfRangeException.ThrowIfNegative(heldBefore);
        if (count < 1)
        {
            throw LicensingException.BadRequest($"count must be at least 1 (was {count}).");
        }

        if (Pool.State.SharedVia is not { } via)
        {
            return await AcquireHereAsync(new SeatRequest.Acquire(sessionId, heldBefore, count, timeoutSeconds, session), waitUntil, cancellationToken);
        }

        // Share mode (#18): the upstream seat is taken before the local one, so the two levels never exceed the upstream pool.
        var agent = GrainFactory.GetGrain<IDownstreamAgentGrain>(via);
        await agent.Draw(sessionId, heldBefore + count, cancellationToken);
        try
        {
            return await AcquireHereAsync(new SeatRequest.Acquire(sessionId, heldBefore, count, timeoutSeconds, session), waitUntil, cancellationToken);
        }
        catch
        {
            _ = agent.DrawBack(sessionId, Pool.State.Holders.GetValueOrDefault(sessionId)?.Count ?? 0);
            throw;
        }
    }

    public async Task ShareVia(string? agentKey, CancellationToken cancellationToken)
    {
        if (!string.Equals(Pool.State.SharedVia, agentKey, StringComparison.Ordinal))
        {
            await SubmitAsync(new SeatRequest.ShareVia(agentKey));
        }
    }

    private async Task<int> AcquireHereAsync(SeatRequest.Acquire request, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
    {
        DateTimeOffset? queuedAt = null;
        while (true)
        {
            // Taken before the attempt, so seats returned while the attempt is in flight wake it too.
            var seatsBack = _seatsReturned.Task;
            try
            {
                var granted = await SubmitAsync(request);
                Waited(queuedAt, granted: true);
                return granted;
            }
            catch (LicensingException refused) when (refused.Code == ErrorCodes.SeatsExhausted && waitUntil is { } until
                && request.HeldBefore + request.Count <= Pool.State.Seats)
            {
                // Only a request the pool could ever grant waits: more than all its seats is refused at once.
                var left = until - _clock.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    Waited(queuedAt, granted: false);
                    throw;
                }

                queuedAt ??= _clock.GetUtcNow();

                _queued++;
                try
                {
                    await seatsBack.WaitAsync(left, _clock, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // One last try: seats may have come back in the same instant.
                    waitUntil = null;
                }
                finally
                {
                    _queued--;
                }
            }
        }
    }

    // A request that waited in the queue records how long, whether it got its seats or not.
    private void Waited(DateTimeOffset? queuedAt, bool granted)
    {
        if (queuedAt is { } since)
        {
            _queueMetrics.Waited(_clock.GetUtcNow() - since, granted);
        }
    }

    public Task Release(string sessionId, int? count, CancellationToken cancellationToken)
        => SubmitAsync(new SeatRequest.Release(sessionId, count, ReleaseReason.Returned));

    public Task End(string sessionId, CancellationToken cancellationToken)
        => SubmitAsync(new SeatRequest.Release(sessionId, null, ReleaseReason.Returned, Ends: true));

    public async Task<UnstoredEnd> EndUnstored(string sessionId, CancellationToken cancellationToken)
    {
        var record = Pool.State.Holders.GetValueOrDefault(sessionId)?.Session;
        var returned = await SubmitAsync(new SeatRequest.Release(sessionId, null, ReleaseReason.Returned, Ends: true, OnlyUnstored: true));
        return returned switch
        {
            < 0 => new UnstoredEnd(UnstoredEndOutcome.Owned, 0, null),
            0 => new UnstoredEnd(UnstoredEndOutcome.NotHeld, 0, null),
            _ => new UnstoredEnd(UnstoredEndOutcome.Ended, returned, record),
        };
    }

    public Task<LeaseInfo?> GetLease(string sessionId)
        => Task.FromResult(Pool.State.Holders.TryGetValue(sessionId, out var holding) ? Lease(sessionId, holding) : null);

    public Task<bool> Renew(string sessionId, CancellationToken cancellationToken)
    {
        if (!Pool.State.Holders.TryGetValue(sessionId, out var holding))
        {
            return Task.FromResult(false);
        }

        _leaseExpiry[sessionId] = _clock.GetUtcNow().AddSeconds(holding.TimeoutSeconds);
        _unstored.Remove(sessionId);
        return Task.FromResult(true);
    }

    public Task<FeatureUsage> GetUsage()
    {
        var state = Pool.State;
        var today = SeatPoolState.DayKey(_clock.GetUtcNow());
        var peakToday = Math.Max(state.DailyPeaks.GetValueOrDefault(today), state.Used + state.Borrowed);
        return Task.FromResult(new FeatureUsage(state.Seats, state.Used, state.Borrowed, Math.Max(0, state.Seats - state.Used - state.Borrowed - state.Delegated), peakToday, state.Enabled));
    }

    public Task<int> CountQueued() => Task.FromResult(_queued);

    public Task<IReadOnlyList<LeaseInfo>> ListLeases()
        => Task.FromResult<IReadOnlyList<LeaseInfo>>([.. Pool.State.Holders.Select(h => Lease(h.Key, h.Value))]);

    private LeaseInfo Lease(string sessionId, SeatHolding holding)
        => new(sessionId, holding.Count, _leaseExpiry.GetValueOrDefault(sessionId), holding.TimeoutSeconds, holding.Session, _unstored.Contains(sessionId));

    public Task<int> Borrow(string borrowId, int count, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(borrowId);
        if (count < 1)
        {
            throw LicensingException.BadRequest($"count must be at least 1 (was {count}).");
        }

        return SubmitAsync(new SeatRequest.Borrow(borrowId, count, until));
    }

    public Task<int> ReturnBorrow(string borrowId, bool expired, CancellationToken cancellationToken)
        => SubmitAsync(new SeatRequest.ReturnBorrow(borrowId, expired));

    public Task<IReadOnlyList<BorrowedSeats>> ListBorrows()
        => Task.FromResult<IReadOnlyList<BorrowedSeats>>([.. Pool.State.Borrows.Select(b => new BorrowedSeats(b.Key, b.Value.Count, b.Value.Until))]);

    public Task<int> Delegate(string agentKey, int total, bool expired, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentKey);
        if (total < 0)
        {
            throw LicensingException.BadRequest($"total must not be negative (was {total}).");
        }

        return SubmitAsync(new SeatRequest.Delegate(agentKey, total, expired));
    }

    public Task<IReadOnlyDictionary<string, int>> ListDelegations()
        => Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(Pool.State.Delegations, StringComparer.Ordinal));

    public Task<SeatChangePage> ReadChanges(long afterSequence, int max, CancellationToken cancellationToken)
    {
        // The events this activation committed since the peaks' last fold are in memory (#12 CPU): no read, no JSON.
        // After a failed append memory may differ from storage, so the log answers.
        return _failure is null && _tail is not null && _tail.TryRead(afterSequence, max, out var page)
            ? Task.FromResult(page)
            : ReadLogAsync(afterSequence, max, cancellationToken);
    }

    private async Task<SeatChangePage> ReadLogAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        // Only through the last append that returned (the tail's end): the store also holds the events of an append
        // still writing its snapshot, and peaks told of those would trim short of that snapshot and never tell again.
        var committed = _tail?.Through ?? Pool.Version;
        var changes = new List<SeatChange>();
        var last = afterSequence;
        var read = 0;
        await foreach (var (sequence, @event, _) in Pool.ReadAsync(afterSequence, cancellationToken))
        {
            if (sequence > committed)
            {
                break;
            }

            if (read == 0 && sequence != afterSequence + 1)
            {
                // Only a reader behind the stored peaks can meet trimmed events: say so rather than fold silently.
                LogWarningReadTrimmed(_logger, _licenseId, _feature, afterSequence, sequence);
            }

            if (read == max)
            {
                return new SeatChangePage(last, changes, More: true);
            }

            read++;
            last = sequence;
            if (SeatChangeTail.ChangeOf(sequence, @event) is { } change)
            {
                changes.Add(change);
            }
        }

        return new SeatChangePage(last, changes, More: false);
    }

    public Task PeaksFolded(long throughSequence)
    {
        if (_failure is not null)
        {
            return Task.CompletedTask;
        }

        // Before the store's trim, so memory never answers for events the store no longer has.
        _tail?.Trim(throughSequence);
        _peaksFolded = Math.Max(_peaksFolded, throughSequence);
        return TrimFoldedAsync();
    }

    // Trims what both the peaks and the newest snapshot are past, one trim at a time, going on while the point moves.
    // Called after each append too: a point that reached the log's end stopped short of its last event (the store's
    // append fence), and that event may go once others follow, not only at the next snapshot.
    private async Task TrimFoldedAsync()
    {
        if (_trimming || Pool.TrimTarget(_peaksFolded) <= Pool.TrimmedThrough)
        {
            return;
        }

        _trimming = true;
        try
        {
            while (_failure is null && Pool.TrimTarget(_peaksFolded) > Pool.TrimmedThrough)
            {
                var deleted = await Pool.TrimAsync(_peaksFolded);
                if (deleted > 0)
                {
                    LogDebugTrimmed(_logger, _licenseId, _feature, deleted, Pool.TrimmedThrough);
                }
            }
        }
        catch (Exception ex)
        {
            // Trimming only saves space: the events stay until the next append or the next time the peaks tell.
            LogWarningTrimFailed(_logger, ex, _licenseId, _feature);
        }
        finally
        {
            _trimming = false;
        }
    }

    // One flush: decide every request in arrival order against the pool as it will be after the
    // requests before it, append all resulting events at once, then (in the queue) answer.
    private async Task CommitAsync(IReadOnlyList<GroupCommitItem<SeatRequest, int>> items, CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            throw Reloading();
        }

        var now = _clock.GetUtcNow();
        var seats = Pool.State.Seats;
        var enabled = Pool.State.Enabled;
        var used = Pool.State.Used;
        var borrowed = Pool.State.Borrowed;
        var delegated = Pool.State.Delegated;
        var delegations = new Dictionary<string, int>(StringComparer.Ordinal);
        int DelegatedTo(string agentKey) => delegations.TryGetValue(agentKey, out var d) ? d : Pool.State.Delegations.GetValueOrDefault(agentKey);
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var lent = new Dictionary<string, int>(StringComparer.Ordinal);
        int Held(string sessionId) => held.TryGetValue(sessionId, out var h) ? h : Pool.State.Holders.GetValueOrDefault(sessionId)?.Count ?? 0;
        int Lent(string borrowId) => lent.TryGetValue(borrowId, out var l) ? l : Pool.State.Borrows.GetValueOrDefault(borrowId)?.Count ?? 0;

        var events = new List<SeatEvent>(items.Count);
        var expired = new List<string>();
        var loggedIn = new List<string>();
        var takenOver = new List<string>();
        var seatsFreeBefore = seats - used - borrowed - delegated;
        foreach (var item in items)
        {
            switch (item.Request)
            {
                case SeatRequest.Configure configure:
                    seats = configure.Seats;
                    enabled = configure.Enabled;
                    events.Add(new PoolConfigured(seats, enabled, now));
                    item.Answer(seats);
                    break;

                case SeatRequest.Acquire { Session: not null } late when _ended.Contains(late.SessionId, now):
                    item.Fail(LicensingException.BadRequest("This login's session has ended already; send a new requestId for each login."));
                    break;

                case SeatRequest.Acquire when !enabled:
                    item.Fail(new LicensingException(ErrorCodes.LicenseDeactivated, $"Feature '{_feature}' of license '{_licenseId}' is disabled."));
                    break;

                case SeatRequest.Acquire { Session: { } record } other when Held(other.SessionId) > 0 && IsOtherLogin(other.SessionId, record):
                    // The same session id from a login that differs (the same request id reused): never the session's.
                    item.Fail(LicensingException.BadRequest("This requestId was already used by another login; send a new requestId for each login."));
                    break;

                case SeatRequest.Acquire acquire when Held(acquire.SessionId) >= acquire.HeldBefore + acquire.Count:
                    // Granted already: this is the same call delivered again.
                    item.Answer(Held(acquire.SessionId));
                    break;

                case SeatRequest.Acquire acquire:
                    var free = seats - used - borrowed - delegated;
                    if (acquire.Count > free)
                    {
                        item.Fail(LicensingException.SeatsExhausted(_feature, Math.Max(0, free), acquire.Count));
                        break;
                    }

                    (acquire.Session is null ? takenOver : loggedIn).Add(acquire.SessionId);
                    used += acquire.Count;
                    held[acquire.SessionId] = Held(acquire.SessionId) + acquire.Count;
                    events.Add(new SeatsGranted(acquire.SessionId, acquire.Count, acquire.TimeoutSeconds, now, acquire.Session));
                    item.Answer(held[acquire.SessionId]);
                    break;

                case SeatRequest.Release release:
                    var holding = Held(release.SessionId);
                    if (release.Reason == ReleaseReason.Expired && _leaseExpiry.TryGetValue(release.SessionId, out var expiry) && expiry > now)
                    {
                        // Renewed since the sweep looked: not expired after all.
                        item.Answer(holding);
                        break;
                    }

                    if (release.OnlyUnstored && holding > 0 && !_unstored.Contains(release.SessionId))
                    {
                        // Its session grain took it over (or this activation cannot tell): the session ends it.
                        item.Answer(-1);
                        break;
                    }

                    if (release.Ends || release.Reason == ReleaseReason.Expired)
                    {
                        _ended.Add(release.SessionId, now);
                    }

                    var returned = Math.Min(release.Count ?? holding, holding);
                    if (returned > 0)
                    {
                        used -= returned;
                        held[release.SessionId] = holding - returned;
                        events.Add(new SeatsReleased(release.SessionId, returned, release.Reason, now));
                        if (release.Reason == ReleaseReason.Expired)
                        {
                            expired.Add(release.SessionId);
                        }
                    }

                    item.Answer(release.OnlyUnstored ? returned : holding - returned);
                    break;

                case SeatRequest.Borrow borrow when Lent(borrow.BorrowId) is > 0 and var already:
                    // A retried borrow: the seats are lent already.
                    item.Answer(already);
                    break;

                case SeatRequest.Borrow when !enabled:
                    item.Fail(new LicensingException(ErrorCodes.LicenseDeactivated, $"Feature '{_feature}' of license '{_licenseId}' is disabled."));
                    break;

                case SeatRequest.Borrow borrow:
                    var available = seats - used - borrowed - delegated;
                    if (borrow.Count > available)
                    {
                        item.Fail(LicensingException.SeatsExhausted(_feature, Math.Max(0, available), borrow.Count));
                        break;
                    }

                    borrowed += borrow.Count;
                    lent[borrow.BorrowId] = borrow.Count;
                    events.Add(new SeatsBorrowed(borrow.BorrowId, borrow.Count, borrow.Until, now));
                    item.Answer(borrow.Count);
                    break;

                case SeatRequest.ReturnBorrow giveBack:
                    var lentCount = Lent(giveBack.BorrowId);
                    if (lentCount > 0)
                    {
                        borrowed -= lentCount;
                        lent[giveBack.BorrowId] = 0;
                        events.Add(new BorrowReturned(giveBack.BorrowId, lentCount, giveBack.Expired, now));
                    }

                    item.Answer(lentCount);
                    break;

                case SeatRequest.ShareVia share:
                    events.Add(new PoolSharedVia(share.AgentKey, now));
                    item.Answer(0);
                    break;

                case SeatRequest.Delegate delegation when delegation.Total == DelegatedTo(delegation.AgentKey):
                    // Already so (a retried call).
                    item.Answer(delegation.Total);
                    break;

                case SeatRequest.Delegate delegation when delegation.Total > DelegatedTo(delegation.AgentKey) && !enabled:
                    item.Fail(new LicensingException(ErrorCodes.LicenseDeactivated, $"Feature '{_feature}' of license '{_licenseId}' is disabled."));
                    break;

                case SeatRequest.Delegate delegation:
                    var rise = delegation.Total - DelegatedTo(delegation.AgentKey);
                    var spare = seats - used - borrowed - delegated;
                    if (rise > spare)
                    {
                        item.Fail(LicensingException.SeatsExhausted(_feature, Math.Max(0, spare), rise));
                        break;
                    }

                    delegated += rise;
                    delegations[delegation.AgentKey] = delegation.Total;
                    events.Add(new SeatsDelegated(delegation.AgentKey, delegation.Total, delegation.Expired, now));
                    item.Answer(delegation.Total);
                    break;
            }
        }

        // Share mode: what each session held before this batch, so seats given back are given back upstream too.
        var sharedVia = Pool.State.SharedVia;
        var heldBefore = sharedVia is null ? null : held.Keys.ToDictionary(k => k, k => Pool.State.Holders.GetValueOrDefault(k)?.Count ?? 0, StringComparer.Ordinal);
        var snapshotBefore = Pool.SnapshotVersion;
        try
        {
            await Pool.AppendAsync(events, cancellationToken);
        }
        catch (Exception ex)
        {
            // Nothing of the batch is applied (the log applies events only once stored), but whether
            // the store holds them is unknown: stop answering and let a fresh activation replay.
            FailActivation(ex, events.Count);
            throw;
        }

        // Only now are these events durable, and only durable events may be folded by the peaks.
        _tail?.Append(Pool.Version - events.Count + 1, events);

        if (Pool.SnapshotVersion > snapshotBefore)
        {
            // Once per snapshot, never per grant: the peaks fold and then tell how far this log may be trimmed (#12).
            _ = GrainFactory.GetGrain<IPeakGrain>(_licenseId).CatchUp();
        }
        else
        {
            // Not awaited: the callers are answered now; returns at once unless a told point can go further.
            _ = TrimFoldedAsync();
        }

        if (Pool.State.Seats - Pool.State.Used - Pool.State.Borrowed - Pool.State.Delegated > seatsFreeBefore)
        {
            var waiters = _seatsReturned;
            _seatsReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.TrySetResult();
        }

        _unstored.UnionWith(loggedIn);
        _unstored.ExceptWith(takenOver);
        foreach (var (sessionId, count) in held)
        {
            if (count == 0)
            {
                _leaseExpiry.Remove(sessionId);
                _unstored.Remove(sessionId);
            }
            else if (Pool.State.Holders.TryGetValue(sessionId, out var holding))
            {
                // A grant (new or added seats) starts a full lease.
                _leaseExpiry[sessionId] = now.AddSeconds(holding.TimeoutSeconds);
            }
        }

        if (sharedVia is not null && heldBefore is not null)
        {
            foreach (var (sessionId, count) in held.Where(h => h.Value < heldBefore[h.Key]))
            {
                _ = GrainFactory.GetGrain<IDownstreamAgentGrain>(sharedVia).DrawBack(sessionId, count);
            }
        }

        foreach (var sessionId in expired)
        {
            LogInformationLeaseExpired(_logger, sessionId, _licenseId, _feature);
            _ = GrainFactory.GetGrain<ISessionGrain>(sessionId).LeaseExpired(_licenseId, _feature);
        }
    }

    // A login's grant stored who logged in: a login under the same id that differs is not a retry of it.
    private bool IsOtherLogin(string sessionId, SessionRecord login)
        => Pool.State.Holders.GetValueOrDefault(sessionId)?.Session is { } first
            && (first.Product != login.Product || first.Address != login.Address || !Equals(first.Client, login.Client)
                || !first.Features.SequenceEqual(login.Features));

    // Every request goes through the group commit, unless this activation has given up after a failed append.
    private Task<int> SubmitAsync(SeatRequest request)
        => _failure is null ? _requests.EnqueueAsync(request) : Task.FromException<int>(Reloading());

    private void FailActivation(Exception error, int eventCount)
    {
        _failure = error;
        LogErrorAppendFailed(_logger, error, _licenseId, _feature, eventCount);

        // Requests waiting in the seat queue get the error too, instead of holding the activation open.
        var waiters = _seatsReturned;
        if (waiters.TrySetException(error))
        {
            _ = waiters.Task.Exception;
        }

        DeactivateOnIdle();
    }

    private InvalidOperationException Reloading()
        => new($"The seat pool of feature '{_feature}' of license '{_licenseId}' failed to store a change and is reloading; try again.", _failure);

    private async Task SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var due = _leaseExpiry.Where(l => l.Value <= now).Select(l => l.Key).ToList();
        if (due.Count > 0)
        {
            await Task.WhenAll(due.Select(sessionId => SubmitAsync(new SeatRequest.Release(sessionId, null, ReleaseReason.Expired))));
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "The seat pool {LicenseId}/{Feature} failed to append {EventCount} event(s): its callers got the error and it deactivates")]
    private static partial void LogErrorAppendFailed(ILogger logger, Exception error, string licenseId, string feature, int eventCount);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "The seat pool {LicenseId}/{Feature} could not write a snapshot; its events are stored and the next append tries again")]
    private static partial void LogWarningSnapshotFailed(ILogger logger, Exception error, string licenseId, string feature);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Session {SessionId} missed its heartbeats: seats of {LicenseId}/{Feature} returned")]
    private static partial void LogInformationLeaseExpired(ILogger logger, string sessionId, string licenseId, string feature);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "The seat pool {LicenseId}/{Feature} deleted {Deleted} event(s) the peaks and its snapshot are past; trimmed through {Through}")]
    private static partial void LogDebugTrimmed(ILogger logger, string licenseId, string feature, int deleted, long through);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "The seat pool {LicenseId}/{Feature} could not trim its event log; the events stay until the peaks next tell")]
    private static partial void LogWarningTrimFailed(ILogger logger, Exception error, string licenseId, string feature);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "The seat pool {LicenseId}/{Feature} was read after event {After} but its log starts at {First}: the events between were trimmed")]
    private static partial void LogWarningReadTrimmed(ILogger logger, string licenseId, string feature, long after, long first);
}
