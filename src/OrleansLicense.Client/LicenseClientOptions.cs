using Microsoft.Extensions.Logging;
using OrleansLicense.Client.Addresses;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client;

/// <summary>Settings of a <see cref="LicenseClient"/>. Only <see cref="Product"/> (or the product passed to
/// <see cref="LicenseClient.LoginAsync(string, IReadOnlyList{FeatureRequest}, CancellationToken)"/>) and a server
/// address are needed; every other setting has a working default.</summary>
public sealed class LicenseClientOptions
{
    /// <summary>Server addresses in the syntax of <see cref="ServerAddressParser"/>, e.g.
    /// <c>olic://10.0.0.5:30000,olic://10.0.0.6:30000</c>: the grid's Orleans gateways (the default transport; Orleans
    /// connects to every one and fails over between them), or <c>http(s)://</c> URLs for the HTTP gateway API instead.
    /// When null or blank the environment is read (see <see cref="EnvironmentPrefix"/>). Default: null.</summary>
    public string? Servers { get; set; }

    /// <summary>A vendor's variable prefix: <c>ACME</c> reads <c>ACME_URL</c>, which wins over
    /// <c>ORLEANSLICENSE_URL</c> when both are set. Default: null (only <c>ORLEANSLICENSE_URL</c>).</summary>
    public string? EnvironmentPrefix { get; set; }

    /// <summary>Reads an environment variable; replace it in tests. Default:
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>The product used by <see cref="LicenseClient.LoginAsync(IReadOnlyList{FeatureRequest}, CancellationToken)"/>. Default: null.</summary>
    public string? Product { get; set; }

    /// <summary>Who the client is, as administrators see it. Default: null, meaning the current user, machine,
    /// process and a hashed machine fingerprint.</summary>
    public ClientInfo? Client { get; set; }

    /// <summary>The grid's Orleans cluster id (the silos' <c>Cluster:ClusterId</c>); Orleans gateways admit clients of
    /// their own cluster only. When null, <c>PREFIX_CLUSTER</c> or <c>ORLEANSLICENSE_CLUSTER</c>, else <c>default</c>
    /// (a silo's default). Default: null.</summary>
    public string? ClusterId { get; set; }

    /// <summary>SHA-256 fingerprints (hex, colons allowed; several separated by commas) of the grid certificate the
    /// Orleans gateways present (<c>olic grid cert</c> prints it). Setting this or <see cref="GatewayCertificateFile"/>
    /// turns TLS on: the client then talks only to a gateway presenting that certificate. When null,
    /// <c>PREFIX_GATEWAY_SHA256</c> or <c>ORLEANSLICENSE_GATEWAY_SHA256</c>. Default: null (plaintext, as a single
    /// silo's loopback gateway speaks).</summary>
    public string? GatewayCertificateSha256 { get; set; }

    /// <summary>A PEM file holding the grid certificate the Orleans gateways present (the silos' <c>grid.crt.pem</c>);
    /// see <see cref="GatewayCertificateSha256"/>. Default: null.</summary>
    public string? GatewayCertificateFile { get; set; }

    /// <summary>The client's own certificate with its private key, for grids whose gateways admit only known
    /// workstations (mutual TLS). Needs TLS on (<see cref="GatewayCertificateSha256"/> or <see cref="GatewayCertificateFile"/>).
    /// Default: null.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Creates the HTTP handler (tests, proxies, custom certificates) of the HTTP transport. The client owns and disposes it.
    /// Default: null, meaning a <see cref="SocketsHttpHandler"/> with <see cref="RequestTimeout"/> as its connect timeout.</summary>
    public Func<HttpMessageHandler>? HttpMessageHandlerFactory { get; set; }

    /// <summary>The clock of heartbeats, retry back-off and the session deadline; tests pass a manual one.
    /// Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs. Default: null (no logging).</summary>
    public ILogger? Logger { get; set; }

    /// <summary>How long one call may take (Orleans' response timeout; over HTTP, before the next server is tried), and
    /// how long connecting to the Orleans gateways may take. Measured in wall-clock time, not on
    /// <see cref="TimeProvider"/>, because it guards real sockets. Default: 5 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When no seat is free, how long a login waits in the server's seat queue for seats to come back
    /// (R-SESS-6), 0 to <see cref="SessionLimits.MaxQueueSeconds"/>; the login's request timeout grows by as much.
    /// Default: 0 (a full feature answers <c>seats_exhausted</c> at once).</summary>
    public int QueueSeconds { get; set; }

    /// <summary>How many more rounds over all servers login and logout make after the first fails transiently.
    /// Session calls (heartbeat, check-out, check-in) retry instead until the session timeout. Default: 3.</summary>
    public int LoginRetryAttempts { get; set; } = 3;

    /// <summary>The first back-off delay between rounds; it doubles each round, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off delay between rounds. Default: 15 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The other grid of a backup relationship (R-BAK-4), in the syntax of <see cref="Servers"/>: <c>olic://</c>
    /// gateways (then <see cref="BackupClusterId"/> names its cluster; TLS uses the same pins, so list both grids'
    /// fingerprints in <see cref="GatewayCertificateSha256"/>) or <c>http(s)://</c> URLs. Optional: without it the
    /// client learns the partner's HTTP gateways from a login answer whose license is mapped
    /// (<see cref="BackupPartnerHint"/>). When null or blank, <c>PREFIX_BACKUP_URL</c> or <c>ORLEANSLICENSE_BACKUP_URL</c>
    /// is read. With it, a login that reaches no server of the preferred grid tries this one. Default: null.</summary>
    public string? BackupServers { get; set; }

    /// <summary>The Orleans cluster id of <see cref="BackupServers"/> when they are <c>olic://</c> gateways. When null,
    /// <c>PREFIX_BACKUP_CLUSTER</c> or <c>ORLEANSLICENSE_BACKUP_CLUSTER</c>, else <c>default</c>. Default: null.</summary>
    public string? BackupClusterId { get; set; }

    /// <summary>Log in on <see cref="BackupServers"/> first and treat that grid as the client's own (failback returns
    /// there), so half the clients can share the load of each side of a backup relationship (R-BAK-4). Needs
    /// <see cref="BackupServers"/>. When null, <c>PREFIX_PREFER_BACKUP</c> or <c>ORLEANSLICENSE_PREFER_BACKUP</c>
    /// (<c>true</c>/<c>1</c>/<c>yes</c>). Default: null (prefer <see cref="Servers"/>).</summary>
    public bool? PreferBackupServers { get; set; }

    /// <summary>While a session runs on the grid it does not prefer (after a backup failover), how often the client
    /// checks whether its own grid answers again, to fail back. Default: 30 seconds.</summary>
    public TimeSpan BackupFailbackInterval { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(GetEnvironmentVariable, nameof(GetEnvironmentVariable));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
        }

        if (ClusterId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ClusterId, nameof(ClusterId));
        }

        if (BackupClusterId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(BackupClusterId, nameof(BackupClusterId));
        }

        if (BackupFailbackInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BackupFailbackInterval), BackupFailbackInterval, "The failback interval must be at least one second.");
        }

        if (QueueSeconds is < 0 or > SessionLimits.MaxQueueSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueSeconds), QueueSeconds, $"The seat queue wait must be between 0 and {SessionLimits.MaxQueueSeconds} seconds.");
        }

        if (LoginRetryAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LoginRetryAttempts), LoginRetryAttempts, "Retry attempts cannot be negative.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), RetryMaxDelay, "Back-off delays must be positive and the maximum at least the base.");
        }
    }
}
