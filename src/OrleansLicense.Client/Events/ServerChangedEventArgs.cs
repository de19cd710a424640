namespace OrleansLicense.Client.Events;

/// <summary>The client now talks to another server of the same cluster; the session and its seats are kept.</summary>
/// <param name="OldServer">The server used before.</param>
/// <param name="NewServer">The server used from now on.</param>
/// <param name="Reason">Failover or failback.</param>
/// <param name="SessionId">The session, unchanged.</param>
public sealed record ServerChangedEventArgs(Uri? OldServer, Uri NewServer, ServerChangeReason Reason, string SessionId);
