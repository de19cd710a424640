namespace OrleansLicense.Grains.Backup;

/// <summary>The stored side of a grid's backup relationship.</summary>
public sealed class RelationshipState
{
    /// <summary>The relationship, null when there is none.</summary>
    public BackupRelationship? Relationship { get; set; }

    /// <summary>Dissolved here; the partner is still to be told.</summary>
    public bool Dissolving { get; set; }

    /// <summary>When settings last reached the backup.</summary>
    public DateTimeOffset? LastSync { get; set; }

    /// <summary>Primary: the version of the current content; backup: the version applied.</summary>
    public long SettingsVersion { get; set; }

    /// <summary>Primary: what the current version's content was, to tell a change from a repeat.</summary>
    public string? ContentKey { get; set; }

    /// <summary>Backup: settings accepted but not yet applied to every grain; applied again on activation until they are.</summary>
    public SyncedSettings? Pending { get; set; }
}
