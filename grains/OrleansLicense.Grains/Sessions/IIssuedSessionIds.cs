namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Tells whether a session id was issued by this grid. An ended session leaves no stored row (so that logins do not pile
/// up in storage); its id alone then tells its late callers that it ended (410 session_expired) rather than that it
/// never existed (404).
/// </summary>
public interface IIssuedSessionIds
{
    /// <summary>True when <paramref name="sessionId"/> carries this grid's tag: some login made it.</summary>
    bool WasIssued(string sessionId);
}

/// <summary>
/// No id counts as issued: used where no silo issues ids (grain tests, hosts without the gateway API). Sessions with
/// such ids keep their row when they end, as before tagged ids existed.
/// </summary>
internal sealed class NoIssuedSessionIds : IIssuedSessionIds
{
    /// <inheritdoc />
    public bool WasIssued(string sessionId) => false;
}
