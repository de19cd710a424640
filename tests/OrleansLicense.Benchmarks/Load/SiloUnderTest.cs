using System.Globalization;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The real silo as operators run it (<c>dotnet OrleansLicense.Silo.dll --data DIR --port HTTP
/// --silo-port P --gateway-port G</c>), on 127.0.0.1 only, with a throwaway data folder that trusts the
/// bench vendor. Each silo gets its own free HTTP, Orleans silo and Orleans gateway ports below 32768
/// (never Orleans' defaults 11111/30000, which other processes here hold). By default SQLite with its
/// synchronous=FULL, or PostgreSQL with fsync on (<see cref="PostgresEnvironment"/>): every grant the
/// harness counts is durable.
/// </summary>
internal sealed class SiloUnderTest : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly ChildProcess _process;
    private readonly HttpClient _adminHttp;

    private SiloUnderTest(TempDirectory folder, ChildProcess process, Uri baseAddress, int siloPort, int gatewayPort, HttpClient adminHttp)
    {
        _folder = folder;
        _process = process;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _adminHttp = adminHttp;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Orleans silo-to-silo port (<c>--silo-port</c>): the port of its membership row.</summary>
    public int SiloPort { get; }

    /// <summary>The Orleans gateway port (<c>--gateway-port</c>).</summary>
    public int GatewayPort { get; }

    public string DataFolder => _folder.Path;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogPath => _process.LogPath;

    public AdminApi Admin { get; private set; } = null!;

    /// <summary>
    /// The settings of a silo on PostgreSQL, as environment variables (they keep the connection string off the
    /// command line): <c>OLIC_Silo__Storage=postgres</c>, <c>OLIC_Silo__ConnectionString</c>.
    /// </summary>
    public static Dictionary<string, string> PostgresEnvironment(string connectionString) => new(StringComparer.Ordinal)
    {
        ["OLIC_Silo__Storage"] = "postgres",
        ["OLIC_Silo__ConnectionString"] = connectionString,
    };

    /// <summary>Three different free ports below 32768: HTTP, silo, gateway.</summary>
    public static (int Http, int Silo, int Gateway) FreePorts()
    {
        var taken = new HashSet<int>();
        int Next()
        {
            int port;
            do
            {
                port = FreePort.Next();
            }
            while (!taken.Add(port));
            return port;
        }

        return (Next(), Next(), Next());
    }

    /// <param name="vendor">The vendor the silo must trust.</param>
    /// <param name="arguments">More command line, e.g. SQLite's synchronous level (<c>--Sqlite:Synchronous Normal</c>).</param>
    /// <param name="environment">Settings as <c>OLIC_Section__Key</c> variables: the storage, the grid (<see cref="PostgresEnvironment"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SiloUnderTest> StartAsync(BenchVendor vendor, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var folder = new TempDirectory("olic-bench-silo");
        vendor.TrustIn(folder.Path);
        var (httpPort, siloPort, gatewayPort) = FreePorts();
        var c = CultureInfo.InvariantCulture;
        var baseAddress = new Uri(string.Create(c, $"http://127.0.0.1:{httpPort}"));
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(
                Path.Combine(AppContext.BaseDirectory, "OrleansLicense.Silo.dll"),
                [
                    "--data", folder.Path,
                    "--port", httpPort.ToString(c),
                    "--silo-port", siloPort.ToString(c),
                    "--gateway-port", gatewayPort.ToString(c),
                    "--listen", "127.0.0.1",
                    .. arguments,
                ],
                folder.File("silo.out"),
                environment);
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        var adminHttp = LoopbackHttp.Create(baseAddress, connections: 4);
        var silo = new SiloUnderTest(folder, process, baseAddress, siloPort, gatewayPort, adminHttp);
        try
        {
            await process.WaitHealthyAsync(adminHttp, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);

            // admin.token is written before the server listens (the announcer takes it at start).
            var token = (await File.ReadAllTextAsync(folder.File("admin.token"), cancellationToken).ConfigureAwait(false)).Trim();
            silo.Admin = new AdminApi(adminHttp, token);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ProcessMemory Memory() => _process.Memory();

    /// <summary>SIGKILL now (the failover scenario's crash); the data folder stays until disposed.</summary>
    public void Kill() => _process.Kill();

    public string Tail() => _process.Tail();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _adminHttp.Dispose();
        _folder.Dispose();
    }
}
