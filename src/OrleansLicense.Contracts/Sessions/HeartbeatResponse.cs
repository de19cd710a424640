namespace OrleansLicense.Contracts.Sessions;

/// <summary>The 200 answer to a heartbeat.</summary>
/// <param name="TimeoutSeconds">The current timeout.</param>
/// <param name="HeartbeatIntervalSeconds">The current heartbeat interval.</param>
public sealed record HeartbeatResponse(int TimeoutSeconds, int HeartbeatIntervalSeconds);
