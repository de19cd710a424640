using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Contracts.Admin;

/// <summary>A live session as administrators see it.</summary>
/// <param name="SessionId">The session id.</param>
/// <param name="Product">The product.</param>
/// <param name="User">The client's user name.</param>
/// <param name="Host">The client's host name.</param>
/// <param name="Address">The client's address.</param>
/// <param name="Features">The seats held.</param>
/// <param name="Since">When the session logged in.</param>
/// <param name="LastHeartbeat">
/// The last heartbeat (or the login) this server saw; null after a restart or failover until the client's first
/// heartbeat (see <paramref name="RestoredAt"/>).
/// </param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="RestoredAt">When the server restored the session from storage without a heartbeat since; null otherwise.</param>
/// <param name="ExpiresAt">When the session is kicked unless a heartbeat comes first.</param>
public sealed record SessionView(
    string SessionId,
    string Product,
    string? User,
    string? Host,
    string? Address,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset Since,
    DateTimeOffset? LastHeartbeat,
    string? LicenseId = null,
    DateTimeOffset? RestoredAt = null,
    DateTimeOffset? ExpiresAt = null);
