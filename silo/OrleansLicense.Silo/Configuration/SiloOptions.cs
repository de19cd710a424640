namespace OrleansLicense.Silo.Configuration;

/// <summary>Options of the silo host (section <c>Silo</c>; command line <c>--data</c>, <c>--port</c>, <c>--listen</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Silo";

    /// <summary>The default HTTP port of API.md and ARCHITECTURE.md §6.</summary>
    public const int DefaultHttpPort = 8273;

    /// <summary>The default request body limit: 1 MiB (API.md <c>payload_too_large</c>).</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The data folder (SQLite file, admin token, endpoint file, server id, trusted keys, logs);
    /// relative paths are relative to the current directory. Default <c>data</c>.
    /// </summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The HTTP port. Default 8273.</summary>
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>
    /// The address to listen on. Default <c>0.0.0.0</c> (every IPv4 interface): a license server
    /// must be reachable by the clients of the network. 127.0.0.1 is bound as well whatever this
    /// says, so the local <c>olic</c> CLI always finds the silo.
    /// </summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Requests with a larger body are refused with 413 <c>payload_too_large</c>. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// Where grain state, seat events, membership and reminders live: <c>sqlite</c> (the default:
    /// one silo, a file in the data folder) or <c>postgres</c> (a cluster; set <see cref="ConnectionString"/>).
    /// </summary>
    public SiloStorage Storage { get; set; } = SiloStorage.Sqlite;

    /// <summary>True when this silo is one of a grid: its storage is PostgreSQL, where the grid's membership lives.</summary>
    public bool IsGrid => Storage == SiloStorage.Postgres;

    /// <summary>The Npgsql connection string when <see cref="Storage"/> is <c>postgres</c> (<c>--connection</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The gateway URLs handed to clients (login <c>servers</c>, <c>/api/v1/cluster/gateways</c>).
    /// Empty (the default): the URL the client itself used to reach this silo.
    /// </summary>
    public List<string> AdvertisedUrls { get; } = [];
}
