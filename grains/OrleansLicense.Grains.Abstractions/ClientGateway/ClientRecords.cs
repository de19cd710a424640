namespace OrleansLicense.Grains.ClientGateway;

/// <summary>The answer to a heartbeat over Orleans.</summary>
/// <param name="TimeoutSeconds">A session with no heartbeat this long is kicked.</param>
/// <param name="HeartbeatIntervalSeconds">How often to heartbeat.</param>
/// <param name="Kicked">True when the session has ended on the server (410 session_expired over HTTP).</param>
/// <param name="Detail">Why it ended, when <paramref name="Kicked"/>.</param>
/// <param name="Gateway">The Orleans gateway that answered (<c>olic://host:port</c>), so the client can tell when it moved.</param>
[GenerateSerializer, Immutable]
public sealed record ClientHeartbeat(int TimeoutSeconds, int HeartbeatIntervalSeconds, bool Kicked, string? Detail, string Gateway);

/// <summary>A refusal through the Orleans client API: the stable code and the HTTP status API.md gives it.</summary>
[GenerateSerializer]
public sealed class ClientCallException(string code, int status, string message) : Exception(message)
{
    /// <summary>The stable error code.</summary>
    [Id(0)]
    public string Code { get; } = code;

    /// <summary>The HTTP status the same refusal has in the HTTP API.</summary>
    [Id(1)]
    public int Status { get; } = status;
}
