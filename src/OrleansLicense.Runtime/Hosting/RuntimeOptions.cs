namespace OrleansLicense.Runtime.Hosting;

/// <summary>Options of the grain runtime (section <c>Runtime</c> in configuration).</summary>
public sealed class RuntimeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Runtime";

    /// <summary>How long a caller waits for a grain's answer. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation unused this long is collected (unless [KeepAlive]). Default 15 min.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 min.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Limit for loading state and OnActivateAsync. Default 30 s.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for OnDeactivateAsync and for deactivating everything at shutdown. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Event logs write a snapshot after this many events. Default 1000.</summary>
    public int SnapshotInterval { get; set; } = 1000;

    /// <summary>How often call statistics close a sample. Default 1 s.</summary>
    public TimeSpan StatisticsPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
