namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// How this silo takes part in Orleans (section <c>Cluster</c>; command line <c>--cluster-id</c>,
/// <c>--silo-port</c>, <c>--gateway-port</c>). The ports apply to a single silo too: it runs Orleans on
/// loopback with the same two ports.
/// </summary>
public sealed class SiloClusterOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Orleans' service id: fixed, so that grain state and reminders outlive a change of cluster id.</summary>
    public const string ServiceId = "orleans-license";

    /// <summary>The default silo-to-silo port (Orleans' own default).</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default Orleans gateway port, for Orleans clients (Orleans' own default).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// True: one silo of a grid (needs <c>Silo:Storage postgres</c>). A silo on PostgreSQL is always a member
    /// of the grid of its cluster id, so this only documents the intent; on SQLite it is refused at start.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The cluster's id; silos with another id never see each other. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>This silo's name in the membership table and the dashboards. Default: the machine name and the silo port.</summary>
    public string? SiloName { get; set; }

    /// <summary>
    /// The address other silos and Orleans clients reach this silo at (an IP address or a host name resolved at
    /// start). Default 127.0.0.1. A single silo always uses 127.0.0.1.
    /// </summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The address the silo and gateway ports listen on in a grid. Default: every address (0.0.0.0).</summary>
    public string? ListenHost { get; set; }

    /// <summary>The silo-to-silo port (<c>--silo-port</c>). Default 11111.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The Orleans gateway port for Orleans clients (<c>--gateway-port</c>). Default 30000.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// The HTTP URL other silos hand to clients for this one (<c>/api/v1/cluster/gateways</c>). Default: the first of
    /// <c>Silo:AdvertisedUrls</c>, else <c>http://AdvertisedHost:HttpPort</c>.
    /// </summary>
    public string? GatewayUrl { get; set; }

    /// <summary>A topology role (primary, secondary, tertiary) shown in the status, or null.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// The secret that silo-side callers put on every call to a license grain, so that a stranger on the gateway port
    /// cannot call them (at least 32 characters). Default: a single silo makes a random one at every start; a grid
    /// derives one from the PostgreSQL database name, user name and password, which every silo of the grid shares.
    /// </summary>
    public string? CallSecret { get; set; }

    /// <summary>
    /// TLS with the grid certificate on a grid's ports (default true). The silo port takes mutual TLS: a process without
    /// the certificate can neither join nor call. The Orleans gateway presents the certificate to clients, which verify
    /// it (server authentication) and need none of their own unless <see cref="GatewayClientCertificates"/> names some.
    /// The certificate comes from <c>grid.crt.pem</c>/<c>grid.key.pem</c> in the data folder, or else from the grid's
    /// database, where the first silo stores one it made. Read at start.
    /// </summary>
    public bool Tls { get; set; } = true;

    /// <summary>
    /// SHA-256 fingerprints (hex) of the client certificates the Orleans gateway admits: when any is given, a client
    /// must present one of them (mutual TLS, for customers who admit only known workstations). Default: none, every
    /// client is admitted to the client API (issue #13 item 6).
    /// </summary>
    public IList<string> GatewayClientCertificates { get; } = [];

    /// <summary>How long a grain call may wait for its answer (Orleans' default is 30 s). Default 5 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A probe of another silo not answered within this is missed (Orleans: 5 s). Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects its peer (Orleans: 3). Default 2.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>How often the membership table is read in full (Orleans: 1 min). Default 5 s.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo writes its I-am-alive time (Orleans: 30 s). Default 5 s.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Suspicion votes older than this do not count (Orleans: 2 min). Default 10 s.</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the row of a stopped or dead silo stays in the membership table (and behind the status's dead-silo
    /// toggle) at least; Orleans deletes older rows at the next change of the membership (issue #14 item 16).
    /// Default one day: long enough to read what happened.
    /// </summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often, at most, the oldest active silo deletes the rows older than <see cref="DefunctSiloExpiration"/>. Default one hour.</summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lets the admin API cut this silo off from its peers (partition tests). Never on in production.</summary>
    public bool AllowFaultInjection { get; set; }
}
