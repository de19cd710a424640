using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Seats;

/// <summary>A request to a seat pool, decided in a group-commit flush.</summary>
internal abstract record SeatRequest
{
    private SeatRequest()
    {
    }

    /// <summary>Set capacity and on/off.</summary>
    public sealed record Configure(int Seats, bool Enabled) : SeatRequest;

    /// <summary>Take seats for a session; a login's grant names who logged in (<paramref name="Session"/>).</summary>
    public sealed record Acquire(string SessionId, int HeldBefore, int Count, int TimeoutSeconds, SessionRecord? Session = null) : SeatRequest;

    /// <summary>
    /// Return some (Count) or all (null) of a session's seats; <paramref name="Ends"/>: the session ended;
    /// <paramref name="OnlyUnstored"/>: only if the session stored nothing of its own (answers the seats returned, or -1).
    /// </summary>
    public sealed record Release(string SessionId, int? Count, ReleaseReason Reason, bool Ends = false, bool OnlyUnstored = false) : SeatRequest;

    /// <summary>Lend seats to a borrow.</summary>
    public sealed record Borrow(string BorrowId, int Count, DateTimeOffset Until) : SeatRequest;

    /// <summary>Take a borrow's seats back.</summary>
    public sealed record ReturnBorrow(string BorrowId, bool Expired) : SeatRequest;

    /// <summary>Make this a second-level pool in share mode (or not, with null).</summary>
    public sealed record ShareVia(string? AgentKey) : SeatRequest;

    /// <summary>Set the seats delegated to a second-level agent to <paramref name="Total"/> (0 takes them all back).</summary>
    public sealed record Delegate(string AgentKey, int Total, bool Expired) : SeatRequest;
}
