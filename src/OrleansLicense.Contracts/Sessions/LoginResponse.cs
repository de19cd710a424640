namespace OrleansLicense.Contracts.Sessions;

/// <summary>The 201 answer to a login.</summary>
/// <param name="SessionId">The session id for every later call.</param>
/// <param name="TimeoutSeconds">A session with no heartbeat this long is kicked.</param>
/// <param name="HeartbeatIntervalSeconds">How often to heartbeat (timeout / 2, at most 600).</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="Features">The seats held.</param>
/// <param name="Servers">Gateways of the cluster, for failover.</param>
/// <param name="ClusterId">The cluster's id.</param>
/// <param name="Backup">The backup partner's mapped license, when this license is mapped in a relationship.</param>
public sealed record LoginResponse(
    string SessionId,
    int TimeoutSeconds,
    int HeartbeatIntervalSeconds,
    string LicenseId,
    IReadOnlyList<FeatureRequest> Features,
    IReadOnlyList<string> Servers,
    string ClusterId,
    BackupPartnerHint? Backup = null);
