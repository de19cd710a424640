using System.Diagnostics;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// A server under test run as <c>dotnet some.dll …</c>, its output appended to a log file. The shell
/// only redirects and then execs, so <see cref="Id"/> is the server's own pid (for /proc and perf),
/// and no pipe has to be drained by the load generator while it measures.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogPath { get; }

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the benchmarks project (it references the server project, which is built next to it).", dll);
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$OLIC_BENCH_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The harness's own OLIC_ settings (or a developer's) must not reach the server: it gets exactly what the scenario sets.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OLIC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["OLIC_BENCH_LOG"] = logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}."), logPath);
    }

    public ProcessMemory Memory() => ProcessMemory.Read(Id);

    /// <summary>Waits (bounded) until GET /healthz answers 200; fails early with the log's tail when the process died.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode} before it was healthy; {LogPath} ends with:{Environment.NewLine}{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server was not healthy within {timeout.TotalSeconds:0} s; {LogPath} ends with:{Environment.NewLine}{Tail()}");
    }

    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(Environment.NewLine, reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>SIGKILL to this process only (by its id), at once: no graceful shutdown, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGKILL is fine: its data folder is thrown away.
        if (!_process.HasExited)
        {
            Kill();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Reported by the OS as a zombie at worst; nothing else to do.
            }
        }

        _process.Dispose();
    }
}
