namespace OrleansLicense.Testing.Silo;

/// <summary>How to start one <see cref="SiloProcess"/>: what differs between the tests that run the built silo.</summary>
public sealed record SiloProcessOptions
{
    /// <summary>The silo's data folder (<c>--data</c>). The silo creates it when missing.</summary>
    public required string DataFolder { get; init; }

    /// <summary>The process's working folder (where the silo resolves relative paths); null keeps the test's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The HTTP port on 127.0.0.1 (<c>--port</c>); null takes a free one. A restart that must keep its address
    /// (a cluster's gateway list) passes the one it had.
    /// </summary>
    public int? HttpPort { get; init; }

    /// <summary>
    /// The Orleans silo-to-silo port (<c>--silo-port</c>); null takes a free one. A restart that must keep its
    /// address (a cluster's membership row) passes the one it had.
    /// </summary>
    public int? SiloPort { get; init; }

    /// <summary>
    /// The loopback address the silo listens on (<c>--listen</c>) and the tests call it at: 127.0.0.1, or ::1 for a
    /// silo started with <c>--ipv6 only</c>.
    /// </summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    /// <summary>The Orleans gateway port for Orleans clients (<c>--gateway-port</c>); null takes a free one.</summary>
    public int? GatewayPort { get; init; }

    /// <summary>
    /// PostgreSQL storage with this connection string (OLIC_Silo__Storage=postgres); null keeps the default, SQLite
    /// in the data folder. An environment variable rather than a switch keeps the password off the command line.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>
    /// Switches after the standard <c>--data --port --listen</c>; a repeated switch wins over the standard one, which
    /// is how a test passes a bad value (<c>--port 0</c>).
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Settings as environment variables (OLIC_Section__Key). The test's own OLIC_ variables are never inherited.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Also append what the silo prints to process.log in the data folder, so it outlives the test when the folder
    /// is kept (a <see cref="TempDirectory"/> made with keepOnRequest and OLIC_KEEP_TEST_DATA=1).
    /// </summary>
    public bool WriteProcessLog { get; init; }

    /// <summary>How long start-up may take before <see cref="SiloProcess.WaitUntilServingAsync"/> gives up.</summary>
    /// <remarks>Start-up on a busy two-core machine, schema included, stays well below the default.</remarks>
    public TimeSpan StartLimit { get; init; } = TimeSpan.FromSeconds(60);
}
