using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Usage;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// The seat pool of one feature of one license (key: <c>licenseId/feature</c>, see
/// <see cref="FeatureKey"/>). Every grant is a lease that expires at last renewal + timeout;
/// grants and releases are event-sourced and group-committed; renewals stay in memory.
/// </summary>
public interface IFeatureGrain : IGrainWithStringKey
{
    /// <summary>Sets the seat count and whether the feature may grant seats.</summary>
    [AlwaysInterleave]
    Task Configure(int seats, bool enabled, CancellationToken cancellationToken);

    /// <summary>
    /// Grants <paramref name="count"/> more seats to a session that holds <paramref name="heldBefore"/>
    /// here, durably, or refuses with seats_exhausted. Answers the session's holding. Idempotent: a
    /// re-delivered call (the answer was lost with a silo) finds the session holding
    /// heldBefore + count already and grants nothing more. With <paramref name="waitUntil"/>, a request
    /// that finds too few free seats waits in the pool's queue (R-SESS-6) and is tried again, in arrival
    /// order, whenever seats come back, until then; after it, seats_exhausted.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:30")]
    Task<int> Acquire(string sessionId, int heldBefore, int count, int timeoutSeconds, DateTimeOffset? waitUntil, CancellationToken cancellationToken);

    /// <summary>
    /// A login's grant: as <see cref="Acquire"/> for a session that holds nothing here yet, storing with the seats who
    /// holds them (<paramref name="session"/>), so that the leases are the session's record until it stores its own.
    /// Refuses a session that ended here a short while ago: that call is a late duplicate of its login (a retry whose
    /// first attempt was still under way), and its seats would have no client to give them back.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:30")]
    Task<int> AcquireForLogin(string sessionId, SessionRecord session, int count, int timeoutSeconds, DateTimeOffset? waitUntil, CancellationToken cancellationToken);

    /// <summary>Returns <paramref name="count"/> seats of a session, or all of them when null (no error when it holds none).</summary>
    [AlwaysInterleave]
    Task Release(string sessionId, int? count, CancellationToken cancellationToken);

    /// <summary>
    /// The session ended (logged out, removed, kicked): every seat it holds here comes back, and for a while a late
    /// duplicate of its login is refused (<see cref="AcquireForLogin"/>). No error when it holds none.
    /// </summary>
    [AlwaysInterleave]
    Task End(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="End"/>, but only for a session that has stored nothing of its own: one this activation granted at
    /// its login and that no heartbeat, check-out or renewal has taken over since (its session grain then ends it).
    /// </summary>
    [AlwaysInterleave]
    Task<UnstoredEnd> EndUnstored(string sessionId, CancellationToken cancellationToken);

    /// <summary>One session's lease here, or null when it holds nothing.</summary>
    [AlwaysInterleave]
    Task<LeaseInfo?> GetLease(string sessionId);

    /// <summary>
    /// Extends a session's lease by its timeout from now (memory only: a restart grants a full
    /// timeout of grace). False when the session holds nothing here any more (it was expired). The session grain
    /// renews before it stores the session, so a renewed lease is its grain's to end (<see cref="EndUnstored"/>).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> Renew(string sessionId, CancellationToken cancellationToken);

    /// <summary>Seats, used, borrowed, free and today's peak.</summary>
    [AlwaysInterleave]
    Task<FeatureUsage> GetUsage();

    /// <summary>How many requests wait in the seat queue now (R-SESS-6).</summary>
    [AlwaysInterleave]
    Task<int> CountQueued();

    /// <summary>The live leases.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<LeaseInfo>> ListLeases();

    /// <summary>
    /// Lends <paramref name="count"/> seats to a borrow until <paramref name="until"/>, durably, through the same
    /// group commit as grants (R-SESS-2: held + borrowed never exceed the seats), or refuses with seats_exhausted.
    /// Lending again under the same borrow id answers the seats already lent.
    /// </summary>
    [AlwaysInterleave]
    Task<int> Borrow(string borrowId, int count, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Takes a borrow's seats back (returned early, or <paramref name="expired"/>); answers how many came back (0 when none were lent).</summary>
    [AlwaysInterleave]
    Task<int> ReturnBorrow(string borrowId, bool expired, CancellationToken cancellationToken);

    /// <summary>The seats lent out, per borrow.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<BorrowedSeats>> ListBorrows();

    /// <summary>
    /// Sets the seats delegated to a second-level agent under <paramref name="agentKey"/> to <paramref name="total"/>,
    /// durably, through the same group commit as grants (R-SESS-2: held + borrowed + delegated never exceed the
    /// seats), or refuses a rise with seats_exhausted. Setting a total is idempotent, so a retried call is harmless;
    /// 0 takes them all back (<paramref name="expired"/>: because the agent's lease ran out). Answers the total.
    /// </summary>
    [AlwaysInterleave]
    Task<int> Delegate(string agentKey, int total, bool expired, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this a second-level pool in share mode (#18): every grant first draws its seats upstream through the
    /// downstream agent grain <paramref name="agentKey"/>, and seats given back are given back there too; null ends it.
    /// </summary>
    [AlwaysInterleave]
    Task ShareVia(string? agentKey, CancellationToken cancellationToken);

    /// <summary>The seats delegated, per agent key.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, int>> ListDelegations();

    /// <summary>Reads the pool's log after <paramref name="afterSequence"/>, at most <paramref name="max"/> events, as seat changes (peak statistics).</summary>
    [AlwaysInterleave]
    Task<SeatChangePage> ReadChanges(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The license's peaks (R-USE-3) have stored their fold of this pool's log through <paramref name="throughSequence"/>:
    /// the pool deletes its events through that, never past its newest snapshot (#12 storage growth). One-way: the
    /// peaks tell it after their own write, and nothing waits on the trim.
    /// </summary>
    [OneWay]
    [AlwaysInterleave]
    Task PeaksFolded(long throughSequence);
}

/// <summary>Seat counts of a feature.</summary>
[GenerateSerializer, Immutable]
public sealed record FeatureUsage(int Seats, int Used, int Borrowed, int Free, int PeakToday, bool Enabled);

/// <summary>
/// A lease: a session's seats, when they expire without renewal, the session's client timeout, and who logged in when
/// the login's grant stored it (null for grants stored before sessions' records were). Unstored: true while the pool
/// knows the session has stored nothing of its own (see <see cref="IFeatureGrain.EndUnstored"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeaseInfo(string SessionId, int Count, DateTimeOffset ExpiresAt, int TimeoutSeconds, SessionRecord? Session = null, bool Unstored = false);

/// <summary>What <see cref="IFeatureGrain.EndUnstored"/> did.</summary>
/// <param name="Outcome">Whether it ended the session here.</param>
/// <param name="Count">The seats it gave back.</param>
/// <param name="Session">Who held them, as the login's grant stored it.</param>
[GenerateSerializer, Immutable]
public sealed record UnstoredEnd(UnstoredEndOutcome Outcome, int Count, SessionRecord? Session);

/// <summary>The outcomes of <see cref="IFeatureGrain.EndUnstored"/>.</summary>
[GenerateSerializer]
public enum UnstoredEndOutcome
{
    /// <summary>The session held nothing here.</summary>
    NotHeld,

    /// <summary>Its seats came back.</summary>
    Ended,

    /// <summary>The session's grain took it over (or this activation does not know): nothing changed; ask the session.</summary>
    Owned,
}

/// <summary>Builds and splits feature grain keys.</summary>
public static class FeatureKey
{
    /// <summary>The key of a license's feature.</summary>
    public static string Of(string licenseId, string feature) => $"{licenseId}/{feature}";

    /// <summary>Splits a key into license id and feature (feature names never hold a slash; license ids may).</summary>
    public static (string LicenseId, string Feature) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash <= 0 ? (key, "") : (key[..slash], key[(slash + 1)..]);
    }
}
