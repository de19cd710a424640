using System.Text.Json.Serialization;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// A change of a seat pool. The log of these events is the pool's durable state and its audit
/// trail; usage statistics and daily peaks are computed from it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(PoolConfigured), "configured")]
[JsonDerivedType(typeof(SeatsGranted), "granted")]
[JsonDerivedType(typeof(SeatsReleased), "released")]
[JsonDerivedType(typeof(SeatsBorrowed), "borrowed")]
[JsonDerivedType(typeof(BorrowReturned), "borrowReturned")]
[JsonDerivedType(typeof(SeatsDelegated), "delegated")]
[JsonDerivedType(typeof(PoolSharedVia), "sharedVia")]
public abstract record SeatEvent(DateTimeOffset At);

/// <summary>The license set the seat count or switched the feature on or off.</summary>
public sealed record PoolConfigured(int Seats, bool Enabled, DateTimeOffset At) : SeatEvent(At);

/// <summary>
/// A session took seats; its lease lasts <paramref name="TimeoutSeconds"/> past each renewal. A login's grant names who
/// logged in (<paramref name="Session"/>): until the session stores its own row, this is its durable record.
/// </summary>
public sealed record SeatsGranted(string SessionId, int Count, int TimeoutSeconds, DateTimeOffset At, SessionRecord? Session = null) : SeatEvent(At);

/// <summary>A session returned seats (check-in, logout, removal or an expired lease).</summary>
public sealed record SeatsReleased(string SessionId, int Count, ReleaseReason Reason, DateTimeOffset At) : SeatEvent(At);

/// <summary>A borrow took seats until <paramref name="Until"/>; they count as used until returned or expired (R-BOR-1).</summary>
public sealed record SeatsBorrowed(string BorrowId, int Count, DateTimeOffset Until, DateTimeOffset At) : SeatEvent(At);

/// <summary>A borrow's seats came back: returned early, or <paramref name="Expired"/>.</summary>
public sealed record BorrowReturned(string BorrowId, int Count, bool Expired, DateTimeOffset At) : SeatEvent(At);

/// <summary>
/// The seats delegated to a second-level agent are now <paramref name="Total"/> (R-AGT-1); they count as used here
/// until taken back (0), also when <paramref name="Expired"/>: the agent's link was gone longer than its lease.
/// </summary>
public sealed record SeatsDelegated(string AgentKey, int Total, bool Expired, DateTimeOffset At) : SeatEvent(At);

/// <summary>
/// A second-level pool in share mode (#18): each grant first draws its seats from the upstream through the agent
/// grain <paramref name="AgentKey"/>; null = not shared.
/// </summary>
public sealed record PoolSharedVia(string? AgentKey, DateTimeOffset At) : SeatEvent(At);

/// <summary>Why seats came back.</summary>
public enum ReleaseReason
{
    /// <summary>The client returned them (check-in or logout) or an administrator removed the session.</summary>
    Returned = 1,

    /// <summary>No heartbeat for the timeout: the lease expired.</summary>
    Expired = 2,
}
