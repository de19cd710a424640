using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansLicense.Dashboard.Tests.Infrastructure;

/// <summary>
/// The built silo as a child process: <c>dotnet OrleansLicense.Silo.dll --data DIR --port N --listen 127.0.0.1</c>
/// from this project's output folder, which holds the silo and its dashboard bundle (wwwroot/dashboard).
/// A real process rather than WebApplicationFactory because a browser needs a real socket, and it is
/// exactly what an administrator runs: Program.Main, production settings, Kestrel on a port.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>Start-up on a busy two-core machine stays well below this.</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    /// <summary>Where the silo serves, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; }

    /// <summary>Everything the silo printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the silo on a free loopback port and waits until /healthz answers 200.</summary>
    public static async Task<SiloProcess> StartAsync(string dataFolder, CancellationToken cancellationToken)
    {
        var port = OrleansLicense.Testing.FreePort.Next();
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansLicense.Silo.dll"));
        foreach (var arg in new[] { "--data", Path.Combine(dataFolder, "data"), "--port", port.ToString(CultureInfo.InvariantCulture), "--listen", "127.0.0.1" })
        {
            info.ArgumentList.Add(arg);
        }

        // The developer's own OLIC_ settings must not leak into the test silo.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OLIC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(info) ?? throw new InvalidOperationException("The silo did not start.");
        var silo = new SiloProcess(process, port);
        process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilServingAsync(cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed processes exit at once; nothing more to do if this one does not.
        }

        _process.Dispose();
    }

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer while starting.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The silo did not serve within {StartLimit.TotalSeconds} s:\n{Output}");
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

}
