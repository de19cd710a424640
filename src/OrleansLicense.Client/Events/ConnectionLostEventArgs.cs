namespace OrleansLicense.Client.Events;

/// <summary>No server could be reached before the session timeout: the server has kicked the session by now,
/// the client stopped heartbeating and holds no seats.</summary>
/// <param name="SessionId">The lost session.</param>
/// <param name="Deadline">When the session timed out (last heartbeat plus the timeout).</param>
/// <param name="Error">The last failure.</param>
public sealed record ConnectionLostEventArgs(string SessionId, DateTimeOffset Deadline, LicenseServerException Error);
