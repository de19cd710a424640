using System.Globalization;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The real silo as operators run it (<c>dotnet OrleansLicense.Silo.dll --data DIR --port PORT</c>),
/// on 127.0.0.1 only, with a throwaway data folder that trusts the bench vendor. By default SQLite
/// with its synchronous=FULL, or PostgreSQL with fsync on: every grant the harness counts is durable.
/// </summary>
internal sealed class SiloUnderTest : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly ChildProcess _process;
    private readonly HttpClient _adminHttp;

    private SiloUnderTest(TempDirectory folder, ChildProcess process, Uri baseAddress, HttpClient adminHttp)
    {
        _folder = folder;
        _process = process;
        BaseAddress = baseAddress;
        _adminHttp = adminHttp;
    }

    public Uri BaseAddress { get; }

    public string DataFolder => _folder.Path;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogPath => _process.LogPath;

    public AdminApi Admin { get; private set; } = null!;

    /// <param name="vendor">The vendor the silo must trust.</param>
    /// <param name="arguments">More command line: the storage (<c>--storage postgres --connection …</c>) or SQLite's synchronous level.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SiloUnderTest> StartAsync(BenchVendor vendor, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var folder = new TempDirectory("olic-bench-silo");
        vendor.TrustIn(folder.Path);
        var port = FreePort.Next();
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var process = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "OrleansLicense.Silo.dll"),
            [
                "--data", folder.Path, "--port", port.ToString(CultureInfo.InvariantCulture), "--listen", "127.0.0.1",
                .. arguments,
            ],
            folder.File("silo.out"));
        var adminHttp = LoopbackHttp.Create(baseAddress, connections: 4);
        var silo = new SiloUnderTest(folder, process, baseAddress, adminHttp);
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
