namespace OrleansLicense.Client.Events;

/// <summary>Why the client moved to another server.</summary>
public enum ServerChangeReason
{
    /// <summary>The current server stopped answering; another one of the same grid did.</summary>
    Failover,

    /// <summary>A server earlier in the configured order answers again.</summary>
    Failback,

    /// <summary>No server of the session's grid answered, and the client logged in on the other grid of the backup
    /// relationship, on its mapped license with the same seats (R-BAK-4): a new session there.</summary>
    BackupFailover,

    /// <summary>The client's own grid answers again: it logged in there on its original license, then logged out of
    /// the other grid (R-BAK-4): a new session there.</summary>
    BackupFailback,
}
