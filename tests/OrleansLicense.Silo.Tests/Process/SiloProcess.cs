using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>The built silo (<c>dotnet OrleansLicense.Silo.dll --data DIR --port N --listen 127.0.0.1</c>) as a child process.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>Start-up on a busy two-core machine, SQLite schema included, stays well below this.</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(System.Diagnostics.Process process, int port)
    {
        _process = process;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public int Port { get; }

    public string BaseUrl { get; }

    /// <summary>Everything the silo printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the silo on a free loopback port.</summary>
    public static SiloProcess Start(string dataFolder, string workingDirectory, params string[] extraArgs)
    {
        var port = OrleansLicense.Testing.FreePort.Next();
        var info = ProcessRunner.StartInfo(
            "OrleansLicense.Silo.dll",
            workingDirectory,
            ["--data", dataFolder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen", "127.0.0.1", .. extraArgs]);
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("The silo did not start.");
        var silo = new SiloProcess(process, port);
        process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls /healthz until 200; fails if the process exits or the limit passes.</summary>
    public async Task WaitUntilServingAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The silo exited with {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/healthz", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The silo did not serve within {StartLimit.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself (start-up failures).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(StartLimit);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Linux: no graceful shutdown, as in a crash or power loss.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

}
