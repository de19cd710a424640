using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;

namespace OrleansLicense.Testing.Silo;

/// <summary>
/// The built silo as a child process: <c>dotnet OrleansLicense.Silo.dll --data DIR --port N --listen 127.0.0.1</c>
/// from the test output folder (which holds the silo, its dashboard bundle and its dependencies). A real process
/// rather than an in-memory host because a browser needs a real socket, a crash needs a real SIGKILL and a cluster
/// needs separate processes; and it is exactly what an administrator runs: Program.Main, production settings.
/// </summary>
/// <remarks>The owner of the data folder deletes it: a restart after a kill reuses it.</remarks>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The silo's dll in the test output folder.</summary>
    public const string Dll = "OrleansLicense.Silo.dll";

    /// <summary>A killed silo exits at once; one that takes longer than this is stuck, not slow.</summary>
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(10);

    /// <summary>Between two readiness probes: short, since each test waits for start-up at least once.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Enough of the output to show a start-up failure's exception in a failure message.</summary>
    private const int FailureTailLines = 100;

    private readonly Process _process;
    private readonly TimeSpan _startLimit;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private SiloProcess(Process process, SiloProcessOptions options, (int Http, int Silo, int Gateway) ports, StreamWriter? log)
    {
        var httpPort = ports.Http;
        _process = process;
        _startLimit = options.StartLimit;
        _log = log;
        DataFolder = options.DataFolder;
        HttpPort = httpPort;
        SiloPort = ports.Silo;
        GatewayPort = ports.Gateway;
        var host = options.ListenHost.Contains(':', StringComparison.Ordinal) ? $"[{options.ListenHost}]" : options.ListenHost;
        BaseUrl = $"http://{host}:{httpPort}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The silo's data folder.</summary>
    public string DataFolder { get; }

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int HttpPort { get; }

    /// <summary>The Orleans silo-to-silo port.</summary>
    public int SiloPort { get; }

    /// <summary>The Orleans gateway port (Orleans clients).</summary>
    public int GatewayPort { get; }

    /// <summary>Where the silo serves, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; }

    /// <summary>A client with <see cref="BaseUrl"/> as its base address, disposed with the silo.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the silo printed so far (stdout and stderr), for assertions and failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>process.log in the data folder when <see cref="SiloProcessOptions.WriteProcessLog"/> asked for it.</summary>
    public string? LogPath => _log is null ? null : ProcessLogPath(DataFolder);

    /// <summary>The process id (to send it a signal such as SIGTERM).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has exited (crashed, stopped itself or was killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The admin token the silo wrote to its data folder (what the local CLI reads).</summary>
    public string AdminToken => File.ReadAllText(Path.Combine(DataFolder, "admin.token")).Trim();

    /// <summary>Starts the silo; it is not serving yet (see <see cref="WaitUntilServingAsync"/>).</summary>
    public static SiloProcess Start(SiloProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var httpPort = options.HttpPort ?? FreePort.Next();
        var siloPort = options.SiloPort ?? FreePort.Next();
        var gatewayPort = options.GatewayPort ?? FreePort.Next();
        var info = BuiltProgram.StartInfo(
            Dll,
            options.WorkingDirectory,
            [
                "--data", options.DataFolder,
                "--port", httpPort.ToString(CultureInfo.InvariantCulture),
                "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
                "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
                "--listen", options.ListenHost,
                .. options.Arguments,
            ]);
        foreach (var (name, value) in options.Environment)
        {
            info.Environment[name] = value;
        }

        if (options.PostgresConnectionString is { } connectionString)
        {
            info.Environment["OLIC_Silo__Storage"] = "postgres";
            info.Environment["OLIC_Silo__ConnectionString"] = connectionString;
        }

        StreamWriter? log = null;
        if (options.WriteProcessLog)
        {
            Directory.CreateDirectory(options.DataFolder);

            // Appended: a restarted silo's log follows the one it replaces, as a post-mortem wants to read it.
            log = new StreamWriter(ProcessLogPath(options.DataFolder), append: true) { AutoFlush = true };
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("The silo did not start.");
        }
        catch
        {
            log?.Dispose();
            throw;
        }

        var silo = new SiloProcess(process, options, (httpPort, siloPort, gatewayPort), log);
        process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// Starts the silo and waits until it serves; on failure nothing is left running. Ports picked here were free when
    /// picked, but another process on the machine may take one before the silo binds it: the silo then stops at once
    /// and says so, and it is started again on newly picked ports (three attempts).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(SiloProcessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var picksPorts = options.HttpPort is null || options.SiloPort is null || options.GatewayPort is null;
        for (var attempt = 1; ; attempt++)
        {
            var silo = Start(options);
            try
            {
                await silo.WaitUntilServingAsync(cancellationToken);
                return silo;
            }
            catch (InvalidOperationException) when (picksPorts && attempt < 3 && silo.LostAPortRace)
            {
                await silo.DisposeAsync();
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    // The silo's own start-up check names a port another program holds (SiloStartupException).
    private bool LostAPortRace => HasExited && Output.Contains("is in use by another program", StringComparison.Ordinal);

    /// <summary>
    /// Probes GET /healthz until it answers 200. Fails with the silo's last output when the process exits first or
    /// <see cref="SiloProcessOptions.StartLimit"/> passes.
    /// </summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < _startLimit)
        {
            if (_process.HasExited)
            {
                // The exit is seen before the last lines arrive through the pipes; they hold the reason.
                await _process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"The silo on port {HttpPort} exited with {_process.ExitCode} before serving{Describe()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (SocketException)
            {
                // Dropped while it starts listening: .NET surfaces this one unwrapped (a CI run met "Transport endpoint is
                // not connected" from the connection's remote end point).
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer while starting.
            }

            await Task.Delay(ProbeInterval, cancellationToken);
        }

        throw new TimeoutException($"The silo on port {HttpPort} did not serve within {_startLimit.TotalSeconds} s{Describe()}");
    }

    /// <summary>
    /// Waits (bounded) for the process to exit by itself (a start-up failure, a silo that stops itself) or after a
    /// kill; then <see cref="Output"/> holds everything it printed.
    /// </summary>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            // Also waits until the redirected output has been read to its end.
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The silo on port {HttpPort} did not exit within {limit.TotalSeconds} s{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Linux: no graceful shutdown, no leaving the cluster, no flush; as in a crash or power loss.</summary>
    /// <remarks>Returns at once, so a test can time what follows from the moment of the crash.</remarks>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary><see cref="Kill"/>, then waits (bounded) until the process is gone and its output read.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        Kill();
        await WaitForExitAsync(ExitLimit, cancellationToken);
    }

    /// <summary>A request to the admin API carrying the data folder's admin token.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path, relative to <see cref="BaseUrl"/> (send it with <see cref="Http"/>).</param>
    /// <param name="content">The body, if any.</param>
    public HttpRequestMessage Admin(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }

    /// <summary>Kills the silo if it still runs (bounded), then releases the process, the client and the log.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(ExitLimit);
        }
        catch (TimeoutException)
        {
            // A killed process exits at once; do not hang the test run on one that does not.
        }

        _process.Dispose();
        Http.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log?.Dispose();
        }
    }

    private static string ProcessLogPath(string dataFolder) => Path.Combine(dataFolder, "process.log");

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (_log is not null)
        {
            // Output and error arrive on two threads, and a line may still come in while the silo is disposed.
            lock (_logLock)
            {
                if (!_logClosed)
                {
                    _log.WriteLine(line);
                }
            }
        }
    }

    /// <summary>The end of the output for a failure message, and where the whole of it is.</summary>
    private string Describe()
    {
        var where = LogPath is { } path ? $" (all of it in {path})" : "";
        return $"; its last output{where}:\n{string.Join('\n', _output.TakeLast(FailureTailLines))}";
    }
}
