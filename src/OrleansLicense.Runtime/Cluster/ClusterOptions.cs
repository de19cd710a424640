namespace OrleansLicense.Runtime.Cluster;

/// <summary>How this silo takes part in a cluster (section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cluster";

    /// <summary>False (default): one silo, no membership, no silo port. True: a grid of silos sharing a store.</summary>
    public bool Enabled { get; set; }

    /// <summary>The cluster's id; silos with another id are never members.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>This silo's name in the membership table (default: machine name and port).</summary>
    public string? SiloName { get; set; }

    /// <summary>The address other silos reach this silo at. Default 127.0.0.1.</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The address the silo port listens on. Default: <see cref="AdvertisedHost"/>.</summary>
    public string? ListenHost { get; set; }

    /// <summary>The silo-to-silo port (HTTP/2). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where clients reach this silo's gateway (for the gateway list); set by the host.</summary>
    public string GatewayUrl { get; set; } = "";

    /// <summary>A topology role (primary, secondary, tertiary), or null.</summary>
    public string? Role { get; set; }

    /// <summary>How often each silo probes every other. Default 1 s.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe not answered within this is missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes in a row before a silo votes its peer suspect. Default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Votes older than this do not count. Default 20 s.</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the silo writes its IAmAlive time. Default 2 s.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Active rows whose IAmAlive is older than this are ignored (whole-cluster crash). Default 30 s.</summary>
    public TimeSpan IAmAliveStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the membership table is re-read. Default 1 s.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Lets the admin API block this silo's silo-to-silo traffic (partition tests). Never on in production.</summary>
    public bool AllowFaultInjection { get; set; }

    /// <summary>Stop the process when this silo reads itself dead (a service manager restarts it). Tests of in-process silos turn it off.</summary>
    public bool ExitProcessWhenDeclaredDead { get; set; } = true;
}
