namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Tells whether a session id was issued by this grid. A session that never stored its row (one that ended before its
/// first heartbeat, or whose silo died before it) is known from its id alone: such an id is looked for in the pools'
/// leases, and when none holds it, it ended (410 session_expired) rather than never existed (404).
/// </summary>
public interface IIssuedSessionIds
{
    /// <summary>True when <paramref name="sessionId"/> carries this grid's tag: some login made it.</summary>
    bool WasIssued(string sessionId);

    /// <summary>
    /// False while this silo cannot tell yet (it has not adopted the grid's key: a silo just started may host grains
    /// before that). Its answers then would call every id unknown.
    /// </summary>
    bool CanTell => true;
}

/// <summary>This silo cannot tell issued session ids yet (<see cref="IIssuedSessionIds.CanTell"/>): a call may try again in a moment.</summary>
[GenerateSerializer]
public sealed class SessionIdsNotReadyException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public SessionIdsNotReadyException()
        : base("This server has just started and cannot check session ids yet; try again.")
    {
    }
}

/// <summary>
/// No id counts as issued: used where no silo issues ids (grain tests, hosts without the gateway API). A session with such
/// an id that did not store its row is unknown once its activation is gone (404), though its leases stay listed.
/// </summary>
internal sealed class NoIssuedSessionIds : IIssuedSessionIds
{
    /// <inheritdoc />
    public bool WasIssued(string sessionId) => false;
}
