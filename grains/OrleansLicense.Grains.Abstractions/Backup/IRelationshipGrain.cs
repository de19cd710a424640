using Orleans.Concurrency;

namespace OrleansLicense.Grains.Backup;

/// <summary>
/// This grid's side of its backup relationship (one grain, key <see cref="Key"/>, durable; R-BAK-1..6): paired with
/// its twin in the partner grid over the partner's HTTP API (<see cref="IBackupPartnerLink"/>). The primary's pushes
/// the settings periodically, at once after a change and on "sync now"; the backup's applies them as one versioned change.
/// </summary>
public interface IRelationshipGrain : IGrainWithStringKey
{
    /// <summary>The single key.</summary>
    public const string Key = "grid";

    /// <summary>The relationship, or null when this grid is in none.</summary>
    [AlwaysInterleave]
    Task<BackupStatus?> Get();

    /// <summary>Stores this server's side of a new relationship.</summary>
    /// <exception cref="Errors.LicensingException">already_in_relationship when there is one (or one is still dissolving).</exception>
    Task<BackupStatus> Create(BackupRelationship relationship, CancellationToken cancellationToken);

    /// <summary>The primary's settings changed: push them now (nothing on a backup or without a relationship).</summary>
    [OneWay]
    Task SettingsChanged();

    /// <summary>Primary: pushes the settings now and answers the new state (a failure is in <see cref="BackupStatus.LastError"/>).</summary>
    /// <exception cref="Errors.LicensingException">not_in_relationship; conflict on a backup.</exception>
    Task<BackupStatus> SyncNow(CancellationToken cancellationToken);

    /// <summary>Primary: the current settings as the next versioned snapshot (for a push or an export file).</summary>
    /// <exception cref="Errors.LicensingException">not_in_relationship; conflict on a backup.</exception>
    Task<SyncedSettings> Snapshot(CancellationToken cancellationToken);

    /// <summary>
    /// Backup: applies the primary's settings as one change: all or nothing, never older over newer (R-BAK-2). The
    /// same version again is answered as applied.
    /// </summary>
    /// <exception cref="Errors.LicensingException">settings_stale for an older version; bad_request for invalid values (nothing applied); not_in_relationship; conflict on a primary.</exception>
    Task<BackupStatus> ApplySettings(SyncedSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Dissolves the relationship here and tells the partner. When the partner cannot be told the relationship stays as
    /// <see cref="BackupStatus.Dissolving"/> until it can (or at once with <paramref name="force"/>).
    /// </summary>
    /// <returns>The relationship while it is still dissolving, null once it is gone.</returns>
    /// <exception cref="Errors.LicensingException">not_in_relationship.</exception>
    Task<BackupStatus?> Dissolve(bool force, CancellationToken cancellationToken);

    /// <summary>The partner dissolved the relationship: forget it here.</summary>
    Task PartnerDissolved(string relationshipId, CancellationToken cancellationToken);
}
