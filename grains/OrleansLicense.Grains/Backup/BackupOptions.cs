namespace OrleansLicense.Grains.Backup;

/// <summary>The backup relationship's timing (configuration section <c>Backup</c>).</summary>
public sealed class BackupOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Backup";

    /// <summary>How often the primary pushes its settings to the backup, and a dissolving side retries telling its partner (R-BAK-2).</summary>
    public TimeSpan SyncPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each silo reads the relationship into its own copy (the login path's partner hints, the link's credential).</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one call to the partner may take before it counts as unreachable.</summary>
    public TimeSpan LinkTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
