using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// Issue #14 item 19: deploy/samples/LicensedApp, run as the README says against the README's license (acme-cad, five
/// seats of "draw"): it gets its seat, gives it back on SIGTERM, and a Ctrl+C while its login is still being retried
/// does not claim a logout of a session that never existed.
/// </summary>
public sealed class SampleAppTests() : ProcessWalk("olic-sample")
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_sample_takes_the_readme_licenses_seat_and_gives_it_back_on_sigterm()
    {
        var silo = await StartSiloAsync();
        var vendor = new TestVendor();
        vendor.TrustIn(Data);
        using (var import = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(
            vendor.Issue("acme-cad", DateTimeOffset.UtcNow, [("draw", 5)], id: "OL-DEMO-0001"), System.Text.Encoding.UTF8, "application/json")), Ct))
        {
            await ApiCalls.AssertStatusAsync(import, HttpStatusCode.Created);
        }

        // The sample's own default features, as its header comment and the README run it.
        await using var app = SampleApp.Start($"olic://127.0.0.1:{silo.GatewayPort}");
        await app.WaitForLineAsync("Working.", Limit);
        Assert.Equal(1, await UsedAsync(silo));

        app.Signal("TERM");
        var exitCode = await app.WaitForExitAsync(Limit);

        Assert.True(exitCode == 0, app.Output);
        Assert.Contains("Logged out; the seats are back in the pool.", app.Output, StringComparison.Ordinal);
        Assert.Equal(0, await UsedAsync(silo));
    }

    [Fact]
    public async Task Ctrl_c_during_a_retried_login_exits_130_without_claiming_a_logout()
    {
        // A "server" that takes every connection and drops it at once: the client keeps retrying its login.
        using var dropper = new TcpListener(IPAddress.Loopback, FreePort.Next());
        dropper.Start();
        var port = ((IPEndPoint)dropper.LocalEndpoint).Port;
        var attempts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopDropping = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var dropping = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var connection = await dropper.AcceptTcpClientAsync(stopDropping.Token);
                    connection.Client.LingerState = new LingerOption(true, 0);
                    attempts.TrySetResult();
                }
            }
            catch (OperationCanceledException)
            {
                // The test is done.
            }
        }, Ct);

        await using var app = SampleApp.Start($"olic://127.0.0.1:{port}");
        await attempts.Task.WaitAsync(Limit, Ct);

        app.Signal("INT");
        var exitCode = await app.WaitForExitAsync(Limit);
        await stopDropping.CancelAsync();
        await dropping;

        Assert.True(exitCode == 130, app.Output);
        Assert.Contains("Stopped before a license was granted", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Logged out", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Logout", app.Output, StringComparison.Ordinal);
    }

    private async Task<int> UsedAsync(SiloProcess silo)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/licenses/OL-DEMO-0001"), Ct);
        var view = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Contracts.Admin.LicenseView>(response.Content, Ct);
        return view!.Features.Single(f => f.Name == "draw").Used;
    }

    /// <summary>LicensedApp.dll from the test output folder, as a process with its output collected.</summary>
    private sealed class SampleApp : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _lineArrived = new(0);

        private SampleApp(System.Diagnostics.Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Collect(e.Data);
            process.ErrorDataReceived += (_, e) => Collect(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output => string.Join('\n', _lines);

        public static SampleApp Start(string url)
        {
            var info = BuiltProgram.StartInfo(DllPath(), workingDirectory: null, []);
            info.Environment["ORLEANSLICENSE_URL"] = url;
            return new SampleApp(System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("LicensedApp did not start."));
        }

        // The sample's own build output (the project reference builds it), not the copy in this ASP.NET Core test
        // folder: there the Orleans client's ASP.NET Core packages are left to a shared framework the sample does not use.
        private static string DllPath()
        {
            var output = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(output);
            var configuration = Path.GetFileName(Path.GetDirectoryName(output))!;
            var root = new DirectoryInfo(output);
            while (!File.Exists(Path.Combine(root.FullName, "OrleansLicense.sln")))
            {
                root = root.Parent ?? throw new InvalidOperationException($"No OrleansLicense.sln above {output}.");
            }

            // The sample is not in the solution, so a solution build makes it in its default configuration (Debug), a
            // project build in the test's: take this configuration's when it is there, else the newest.
            var bin = Path.Combine(root.FullName, "deploy", "samples", "LicensedApp", "bin");
            var same = Path.Combine(bin, configuration, framework, "LicensedApp.dll");
            return File.Exists(same)
                ? same
                : Directory.EnumerateFiles(bin, "LicensedApp.dll", SearchOption.AllDirectories)
                    .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == framework)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault() ?? throw new InvalidOperationException($"LicensedApp is not built under {bin}.");
        }

        public async Task WaitForLineAsync(string start, TimeSpan limit)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            bounded.CancelAfter(limit);
            while (!_lines.Any(l => l.StartsWith(start, StringComparison.Ordinal)))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"LicensedApp exited with {_process.ExitCode}: {Output}");
                }

                try
                {
                    await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), bounded.Token);
                }
                catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"LicensedApp printed no line starting '{start}' within {limit.TotalSeconds} s: {Output}");
                }
            }
        }

        /// <summary>Sends a signal (TERM, INT) as a service manager or a terminal would.</summary>
        public void Signal(string name)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-" + name, _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public async Task<int> WaitForExitAsync(TimeSpan limit)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            bounded.CancelAfter(limit);
            await _process.WaitForExitAsync(bounded.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
            _lineArrived.Dispose();
        }

        private void Collect(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
                _lineArrived.Release();
            }
        }
    }
}
