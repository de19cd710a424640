namespace OrleansLicense.Grains.Hosting;

/// <summary>Options of the license grains (section <c>Licensing</c>).</summary>
public sealed class LicensingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Licensing";

    /// <summary>A folder of trusted vendor public keys (<c>*.pub.pem</c>), read at every import so new keys need no restart.</summary>
    public string? TrustedKeysFolder { get; set; }

    /// <summary>Trusted vendor public keys given inline (PEM text).</summary>
    public List<string> TrustedKeys { get; } = [];

    /// <summary>This server's identity for licenses bound to one server (R-LIC-3).</summary>
    public string ServerId { get; set; } = "";

    /// <summary>This cluster's id for licenses bound to a cluster or triad.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>True when this cluster is a triad (server-bound licenses do not work in a triad).</summary>
    public bool IsTriad { get; set; }

    /// <summary>How often a feature looks for expired leases. Default 5 s.</summary>
    public TimeSpan LeaseSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True when this silo is one of a grid (set by the silo host). A change made on another silo then
    /// reaches this silo's copy of the settings and license list only after <see cref="LoginLookupMaxAge"/>.
    /// </summary>
    public bool InGrid { get; set; }

    /// <summary>In a grid, how long a silo answers logins from its own copy of the settings and licenses. Default 1 s.</summary>
    public TimeSpan LoginLookupMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shortest <see cref="EndedSessionRetention"/> accepted: 15 minutes, longer than the longest heartbeat interval
    /// (<c>SessionTimeouts.MaxHeartbeatIntervalSeconds</c>, 10 minutes), so a client whose session ended hears 410 from
    /// its next heartbeat before the row goes, instead of a 404 it would take for a server that does not know it.
    /// </summary>
    public static readonly TimeSpan MinimumEndedSessionRetention = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an ended session (logged out, expired or removed) stays stored before the storage's sweep deletes it
    /// (#12 storage growth). Far longer than any retry: a logout retried after its answer was lost answers from the
    /// stored end, a late duplicate of the login finds the session ended, and a heartbeating client hears 410. Default 1 hour;
    /// at least <see cref="MinimumEndedSessionRetention"/>.
    /// </summary>
    public TimeSpan EndedSessionRetention { get; set; } = TimeSpan.FromHours(1);
}
