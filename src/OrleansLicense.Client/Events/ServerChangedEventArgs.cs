namespace OrleansLicense.Client.Events;

/// <summary>The client now talks to another server. Within a grid (<see cref="ServerChangeReason.Failover"/>,
/// <see cref="ServerChangeReason.Failback"/>) the session and its seats are kept; between the grids of a backup
/// relationship (<see cref="ServerChangeReason.BackupFailover"/>, <see cref="ServerChangeReason.BackupFailback"/>) the
/// same seats are held by a new session on the other grid.</summary>
/// <param name="OldServer">The server used before.</param>
/// <param name="NewServer">The server used from now on.</param>
/// <param name="Reason">Why.</param>
/// <param name="SessionId">The session from now on: unchanged within a grid, the new one after a backup move.</param>
/// <param name="PreviousSessionId">After a backup move, the session on the grid left; otherwise null.</param>
public sealed record ServerChangedEventArgs(Uri? OldServer, Uri NewServer, ServerChangeReason Reason, string SessionId, string? PreviousSessionId = null);
