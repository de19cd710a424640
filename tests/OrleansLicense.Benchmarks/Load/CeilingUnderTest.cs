using System.Globalization;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The ceiling: <see cref="CeilingServer"/> started from this very assembly as a child process,
/// so it shares the two cores with the load generator exactly as the silo does.
/// </summary>
internal sealed class CeilingUnderTest : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly ChildProcess _process;

    private CeilingUnderTest(TempDirectory folder, ChildProcess process, Uri baseAddress)
    {
        _folder = folder;
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<CeilingUnderTest> StartAsync(CancellationToken cancellationToken)
    {
        var folder = new TempDirectory("olic-bench-ceiling");
        var port = FreePort.Next();
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var process = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "OrleansLicense.Benchmarks.dll"),
            [CeilingServer.ScenarioName, "--port", port.ToString(CultureInfo.InvariantCulture)],
            folder.File("ceiling.out"));
        var ceiling = new CeilingUnderTest(folder, process, baseAddress);
        try
        {
            using var http = LoopbackHttp.Create(baseAddress, connections: 1);
            await process.WaitHealthyAsync(http, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return ceiling;
        }
        catch
        {
            await ceiling.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ProcessMemory Memory() => _process.Memory();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _folder.Dispose();
    }
}
