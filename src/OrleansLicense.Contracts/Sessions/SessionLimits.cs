namespace OrleansLicense.Contracts.Sessions;

/// <summary>Limits of the session API that clients can check before they call.</summary>
public static class SessionLimits
{
    /// <summary>
    /// The longest a login may wait in a seat queue. A queued login is one HTTP request held open,
    /// so the wait stays below the server's default 30-second call timeout; a client that wants to
    /// wait longer logs in again.
    /// </summary>
    public const int MaxQueueSeconds = 20;
}
