namespace OrleansLicense.Grains.Backup;

/// <summary>
/// The link to the partner grid (the silo implements it over the partner's HTTP API, authenticated by the
/// relationship's credential; R-SEC-2). An unreachable partner is a <see cref="Errors.LicensingException"/> with
/// code partner_unreachable; a refused credential partner_refused; other refusals carry the partner's code.
/// </summary>
public interface IBackupPartnerLink
{
    /// <summary>
    /// Sends the primary's settings to the backup (signed by this server's key, with this server's current addresses);
    /// answers, once the backup applied them, the backup's current addresses (null when it did not say).
    /// </summary>
    Task<IReadOnlyList<string>?> PushSettingsAsync(BackupRelationship relationship, SyncedSettings settings, CancellationToken cancellationToken);

    /// <summary>Tells the partner that the relationship is dissolved.</summary>
    Task NotifyDissolvedAsync(BackupRelationship relationship, CancellationToken cancellationToken);
}
