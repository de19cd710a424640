namespace OrleansLicense.Client.Events;

/// <summary>Why the client moved to another server.</summary>
public enum ServerChangeReason
{
    /// <summary>The current server stopped answering; another one did.</summary>
    Failover,

    /// <summary>A server earlier in the configured order answers again.</summary>
    Failback,
}
