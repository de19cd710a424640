namespace OrleansLicense.Grains.Backup;

/// <summary>A relationship as one server sees it (R-BAK-6).</summary>
/// <param name="Relationship">The relationship.</param>
/// <param name="Dissolving">Dissolved here while the partner could not be told; it is told when it answers again.</param>
/// <param name="LastSync">When settings last reached the backup (as the primary saw it answered, or as the backup applied them).</param>
/// <param name="LastContact">When the partner last answered (primary) or called (backup).</param>
/// <param name="LastError">Why the last contact with the partner failed, if it did.</param>
/// <param name="SettingsVersion">The version last sent (primary) or applied (backup).</param>
[GenerateSerializer, Immutable]
public sealed record BackupStatus(
    BackupRelationship Relationship,
    bool Dissolving,
    DateTimeOffset? LastSync,
    DateTimeOffset? LastContact,
    string? LastError,
    long SettingsVersion);
