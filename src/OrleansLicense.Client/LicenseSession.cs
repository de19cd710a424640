using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client;

/// <summary>A snapshot of the logged-in session.</summary>
/// <param name="SessionId">The session id the server gave.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="ClusterId">The cluster that holds the session.</param>
/// <param name="Features">The seats held, per feature.</param>
/// <param name="Timeout">A session with no heartbeat this long is kicked.</param>
/// <param name="HeartbeatInterval">How often the client heartbeats.</param>
/// <param name="Backup">The backup relationship as the session's login answer told it (this grid's role, the
/// partner's gateways and mapped license), or null when the license is not mapped (R-BAK-4).</param>
public sealed record LicenseSession(
    string SessionId,
    string LicenseId,
    string ClusterId,
    IReadOnlyList<FeatureRequest> Features,
    TimeSpan Timeout,
    TimeSpan HeartbeatInterval,
    BackupPartnerHint? Backup = null);
