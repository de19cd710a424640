using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Persistence;
using OrleansLicense.Runtime.Timers;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// Where a seat is granted. One pool per license feature. Every grant and release goes through
/// one group-commit queue: a flush decides all queued requests against the pool in order, stores
/// their events in one append, and only then answers the callers, so a granted seat is durable
/// and the pool never hands out more than it has (R-SESS-2), however many logins arrive at once.
/// Leases (when each holder's seats expire without renewal) live in memory: renewals are never
/// written, and after a restart every holder gets one full timeout of grace.
/// </summary>
[KeepAlive]
internal sealed partial class FeatureGrain : Grain, IFeatureGrain
{
    private readonly IEventLog<SeatPoolState, SeatEvent> _pool;
    private readonly LicensingOptions _options;
    private readonly ILogger<FeatureGrain> _logger;
    private readonly GroupCommitQueue<SeatRequest, int> _requests;
    private readonly Dictionary<string, DateTimeOffset> _leaseExpiry = new(StringComparer.Ordinal);

    // The seat queue (R-SESS-6): completed, and replaced, by every flush that gives seats back; the
    // waiting requests then try again in the order they started waiting (their continuations queue
    // on the activation in that order). A login arriving at that moment may still come first.
    private TaskCompletionSource _seatsReturned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queued;
    private string _feature = "";
    private string _licenseId = "";

    public FeatureGrain(
        [EventLog("seats")] IEventLog<SeatPoolState, SeatEvent> pool,
        IOptions<LicensingOptions> options,
        ILogger<FeatureGrain> logger)
    {
        _pool = pool;
        _options = options.Value;
        _logger = logger;
        _requests = new GroupCommitQueue<SeatRequest, int>(CommitAsync);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_licenseId, _feature) = FeatureKey.Parse(Key);

        // Grace after a restart or failover: live clients must never be kicked by a server crash.
        var now = TimeProvider.GetUtcNow();
        foreach (var (sessionId, holding) in _pool.State.Holders)
        {
            _leaseExpiry[sessionId] = now.AddSeconds(holding.TimeoutSeconds);
        }

        // Interleaved: logins waiting in the seat queue hold [AlwaysInterleave] turns open, and the
        // sweep that expires leases (and so frees seats for them) must not wait behind them.
        RegisterGrainTimer(SweepExpiredAsync, new GrainTimerOptions(_options.LeaseSweepInterval, _options.LeaseSweepInterval, Interleave: true));
        return Task.CompletedTask;
    }

    public async Task Configure(int seats, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seats);
        if (_pool.State.Seats != seats || _pool.State.Enabled != enabled || _pool.Version == 0)
        {
            await _requests.EnqueueAsync(new SeatRequest.Configure(seats, enabled));
        }
    }

    public async Task<int> Acquire(string sessionId, int heldBefore, int count, int timeoutSeconds, DateTimeOffset? waitUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentOutOfRangeException.ThrowIfNegative(heldBefore);
        if (count < 1)
        {
            throw LicensingException.BadRequest($"count must be at least 1 (was {count}).");
        }

        var request = new SeatRequest.Acquire(sessionId, heldBefore, count, timeoutSeconds);
        while (true)
        {
            // Taken before the attempt, so seats returned while the attempt is in flight wake it too.
            var seatsBack = _seatsReturned.Task;
            try
            {
                return await _requests.EnqueueAsync(request);
            }
            catch (LicensingException refused) when (refused.Code == ErrorCodes.SeatsExhausted && waitUntil is { } until)
            {
                var left = until - TimeProvider.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    throw;
                }

                _queued++;
                try
                {
                    await seatsBack.WaitAsync(left, TimeProvider, cancellationToken);
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

    public Task Release(string sessionId, int? count, CancellationToken cancellationToken)
        => _requests.EnqueueAsync(new SeatRequest.Release(sessionId, count, ReleaseReason.Returned));

    public Task<bool> Renew(string sessionId, CancellationToken cancellationToken)
    {
        if (!_pool.State.Holders.TryGetValue(sessionId, out var holding))
        {
            return Task.FromResult(false);
        }

        _leaseExpiry[sessionId] = TimeProvider.GetUtcNow().AddSeconds(holding.TimeoutSeconds);
        return Task.FromResult(true);
    }

    public Task<FeatureUsage> GetUsage()
    {
        var state = _pool.State;
        var today = SeatPoolState.DayKey(TimeProvider.GetUtcNow());
        var peakToday = Math.Max(state.DailyPeaks.GetValueOrDefault(today), state.Used + state.Borrowed);
        return Task.FromResult(new FeatureUsage(state.Seats, state.Used, state.Borrowed, Math.Max(0, state.Seats - state.Used - state.Borrowed), peakToday, state.Enabled));
    }

    public Task<int> CountQueued() => Task.FromResult(_queued);

    public Task<IReadOnlyList<LeaseInfo>> ListLeases()
        => Task.FromResult<IReadOnlyList<LeaseInfo>>([.. _pool.State.Holders.Select(h =>
            new LeaseInfo(h.Key, h.Value.Count, _leaseExpiry.GetValueOrDefault(h.Key)))]);

    public Task<int> Borrow(string borrowId, int count, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(borrowId);
        if (count < 1)
        {
            throw LicensingException.BadRequest($"count must be at least 1 (was {count}).");
        }

        return _requests.EnqueueAsync(new SeatRequest.Borrow(borrowId, count, until));
    }

    public Task<int> ReturnBorrow(string borrowId, bool expired, CancellationToken cancellationToken)
        => _requests.EnqueueAsync(new SeatRequest.ReturnBorrow(borrowId, expired));

    public Task<IReadOnlyList<BorrowedSeats>> ListBorrows()
        => Task.FromResult<IReadOnlyList<BorrowedSeats>>([.. _pool.State.Borrows.Select(b => new BorrowedSeats(b.Key, b.Value.Count, b.Value.Until))]);

    public async Task<SeatChangePage> ReadChanges(long afterSequence, int max, CancellationToken cancellationToken)
    {
        var changes = new List<SeatChange>();
        var last = afterSequence;
        var read = 0;
        await foreach (var (sequence, @event, _) in _pool.ReadAsync(afterSequence, cancellationToken))
        {
            if (read == max)
            {
                return new SeatChangePage(last, changes, More: true);
            }

            read++;
            last = sequence;
            SeatChange? change = @event switch
            {
                SeatsGranted granted => new(sequence, granted.At, "s:" + granted.SessionId, granted.Count),
                SeatsReleased released => new(sequence, released.At, "s:" + released.SessionId, -released.Count),
                SeatsBorrowed borrowed => new(sequence, borrowed.At, "b:" + borrowed.BorrowId, borrowed.Count),
                BorrowReturned returned => new(sequence, returned.At, "b:" + returned.BorrowId, -returned.Count),
                _ => null,
            };
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        return new SeatChangePage(last, changes, More: false);
    }

    // One flush: decide every request in arrival order against the pool as it will be after the
    // requests before it, append all resulting events at once, then (in the queue) answer.
    private async Task CommitAsync(IReadOnlyList<GroupCommitItem<SeatRequest, int>> items, CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var seats = _pool.State.Seats;
        var enabled = _pool.State.Enabled;
        var used = _pool.State.Used;
        var borrowed = _pool.State.Borrowed;
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var lent = new Dictionary<string, int>(StringComparer.Ordinal);
        int Held(string sessionId) => held.TryGetValue(sessionId, out var h) ? h : _pool.State.Holders.GetValueOrDefault(sessionId)?.Count ?? 0;
        int Lent(string borrowId) => lent.TryGetValue(borrowId, out var l) ? l : _pool.State.Borrows.GetValueOrDefault(borrowId)?.Count ?? 0;

        var events = new List<SeatEvent>(items.Count);
        var expired = new List<string>();
        var seatsFreeBefore = seats - used - borrowed;
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

                case SeatRequest.Acquire when !enabled:
                    item.Fail(new LicensingException(ErrorCodes.LicenseDeactivated, $"Feature '{_feature}' of license '{_licenseId}' is disabled."));
                    break;

                case SeatRequest.Acquire acquire when Held(acquire.SessionId) >= acquire.HeldBefore + acquire.Count:
                    // Granted already: this is the same call delivered again.
                    item.Answer(Held(acquire.SessionId));
                    break;

                case SeatRequest.Acquire acquire:
                    var free = seats - used - borrowed;
                    if (acquire.Count > free)
                    {
                        item.Fail(LicensingException.SeatsExhausted(_feature, Math.Max(0, free), acquire.Count));
                        break;
                    }

                    used += acquire.Count;
                    held[acquire.SessionId] = Held(acquire.SessionId) + acquire.Count;
                    events.Add(new SeatsGranted(acquire.SessionId, acquire.Count, acquire.TimeoutSeconds, now));
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

                    item.Answer(holding - returned);
                    break;

                case SeatRequest.Borrow borrow when Lent(borrow.BorrowId) is > 0 and var already:
                    // A retried borrow: the seats are lent already.
                    item.Answer(already);
                    break;

                case SeatRequest.Borrow when !enabled:
                    item.Fail(new LicensingException(ErrorCodes.LicenseDeactivated, $"Feature '{_feature}' of license '{_licenseId}' is disabled."));
                    break;

                case SeatRequest.Borrow borrow:
                    var available = seats - used - borrowed;
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
            }
        }

        await _pool.AppendAsync(events, cancellationToken);

        if (_pool.State.Seats - _pool.State.Used - _pool.State.Borrowed > seatsFreeBefore)
        {
            var waiters = _seatsReturned;
            _seatsReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.TrySetResult();
        }

        foreach (var (sessionId, count) in held)
        {
            if (count == 0)
            {
                _leaseExpiry.Remove(sessionId);
            }
            else if (_pool.State.Holders.TryGetValue(sessionId, out var holding))
            {
                // A grant (new or added seats) starts a full lease.
                _leaseExpiry[sessionId] = now.AddSeconds(holding.TimeoutSeconds);
            }
        }

        foreach (var sessionId in expired)
        {
            LogInformationLeaseExpired(_logger, sessionId, _licenseId, _feature);
            _ = GrainFactory.GetGrain<ISessionGrain>(sessionId).LeaseExpired(_licenseId, _feature);
        }
    }

    private async Task SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var due = _leaseExpiry.Where(l => l.Value <= now).Select(l => l.Key).ToList();
        if (due.Count > 0)
        {
            await Task.WhenAll(due.Select(sessionId => _requests.EnqueueAsync(new SeatRequest.Release(sessionId, null, ReleaseReason.Expired))));
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Session {SessionId} missed its heartbeats: seats of {LicenseId}/{Feature} returned")]
    private static partial void LogInformationLeaseExpired(ILogger logger, string sessionId, string licenseId, string feature);
}
