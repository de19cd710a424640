using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Sessions;

/// <summary>A login as the gateway hands it to the session grain.</summary>
/// <param name="Product">The product.</param>
/// <param name="Features">Features and counts, each count at least 1, names distinct.</param>
/// <param name="Client">Who the client says it is.</param>
/// <param name="Address">The client's network address as the gateway saw it.</param>
/// <param name="IsLoopback">True when the client connected from this machine (R-LIC-5 local-only).</param>
/// <param name="QueueSeconds">How long the login may wait in the seat queue when no seat is free (R-SESS-6); 0 = refuse at once.</param>
/// <param name="LicenseId">Take the seats from this license of the product only (a client failing over to a backup partner's mapped license, R-BAK-4).</param>
[GenerateSerializer, Immutable]
public sealed record LoginCommand(string Product, IReadOnlyList<FeatureRequest> Features, ClientInfo? Client, string? Address, bool IsLoopback, int QueueSeconds = 0, string? LicenseId = null);

/// <summary>The answer to a login.</summary>
[GenerateSerializer, Immutable]
public sealed record LoginResult(string SessionId, int TimeoutSeconds, int HeartbeatIntervalSeconds, string LicenseId, IReadOnlyList<FeatureRequest> Features);

/// <summary>The answer to a heartbeat.</summary>
[GenerateSerializer, Immutable]
public sealed record HeartbeatResult(int TimeoutSeconds, int HeartbeatIntervalSeconds);

/// <summary>The lifecycle of a session.</summary>
[GenerateSerializer]
public enum SessionStatus
{
    /// <summary>Never logged in (unknown id).</summary>
    None = 0,

    /// <summary>Logged in, holding seats.</summary>
    Active = 1,

    /// <summary>Logged out by the client.</summary>
    LoggedOut = 2,

    /// <summary>Kicked: missed heartbeats or removed by an administrator.</summary>
    Kicked = 3,
}

/// <summary>A session as administrators see it.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionInfo(
    string SessionId,
    string Product,
    string LicenseId,
    ClientInfo? Client,
    string? Address,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset Since,
    DateTimeOffset LastHeartbeat,
    SessionStatus Status,
    DateTimeOffset? RestoredAt = null,
    DateTimeOffset? ExpiresAt = null);
