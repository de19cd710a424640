using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>A real silo process (the built OrleansLicense.Silo.dll) on loopback, with its own data folder.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SiloProcess(Process process, StreamWriter log, string dataFolder, int httpPort, int siloPort)
    {
        _process = process;
        _log = log;
        DataFolder = dataFolder;
        HttpPort = httpPort;
        SiloPort = siloPort;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string DataFolder { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string LogPath => Path.Combine(DataFolder, "process.log");

    public static SiloProcess Start(string dataFolder, int httpPort, int siloPort, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OrleansLicense.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--data", dataFolder, "--port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen", "127.0.0.1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["OLIC_Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dataFolder);
        var log = new StreamWriter(Path.Combine(dataFolder, "process.log"), append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, log, dataFolder, httpPort, siloPort);
    }

    /// <summary>Waits (bounded) until /healthz answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on port {HttpPort} exited with {_process.ExitCode}; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Silo on port {HttpPort} not healthy within {timeout}; see {LogPath}:\n{Tail()}");
    }

    public string AdminToken => File.ReadAllText(Path.Combine(DataFolder, "admin.token")).Trim();

    public HttpRequestMessage Admin(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }

    public async Task<StatusView> StatusAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.SendAsync(Admin(HttpMethod.Get, "/api/v1/admin/status"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StatusView>(cancellationToken))!;
    }

    /// <summary>SIGKILL: no shutdown, no leave, no flush — a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Http.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
