using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.AccessLog;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.AccessLog;

/// <summary>
/// Issue #15 item 5 (R-OPS-1): the marker file <c>access.log</c> in the logs folder switches the access log on and off
/// without a restart; requests go into hourly files <c>yyyy-MM-dd.HH.access.log</c>.
/// </summary>
public sealed class AccessLogTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly TimeSpan SwitchLimit = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Logs => silo.Folder.File("logs");

    private string Marker => Path.Combine(Logs, AccessLogSwitch.MarkerName);

    private AccessLogSwitch Switch => silo.Factory.Services.GetRequiredService<AccessLogSwitch>();

    private string HourFile => Path.Combine(Logs, silo.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd.HH", System.Globalization.CultureInfo.InvariantCulture) + ".access.log");

    [Fact]
    public async Task Switched_on_and_off_by_the_marker_while_requests_flow()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var flowing = FlowAsync(stop.Token);
        try
        {
            // Off: no file (the other test of this class may have just deleted its marker).
            await WaitForSwitchAsync(false);
            await ProbeAsync("before");

            await File.WriteAllTextAsync(Marker, "", Ct);
            var on = await WaitForSwitchAsync(true);
            var first = await ProbeAsync("on-1");
            await WaitForLineAsync(first);

            File.Delete(Marker);
            var off = await WaitForSwitchAsync(false);
            var unlogged = await ProbeAsync("off-1");

            // On again: a probe after the unlogged one appears, so the unlogged one would have been written before it.
            await File.WriteAllTextAsync(Marker, "", Ct);
            await WaitForSwitchAsync(true);
            var second = await ProbeAsync("on-2");
            await WaitForLineAsync(second);

            var text = await File.ReadAllTextAsync(HourFile, Ct);
            Assert.DoesNotContain("before", text, StringComparison.Ordinal);
            Assert.DoesNotContain(unlogged, text, StringComparison.Ordinal);
            Assert.Contains("/api/v1/cluster/gateways", text, StringComparison.Ordinal);
            TestContext.Current.SendDiagnosticMessage($"access log switched on after {on.TotalMilliseconds:0} ms, off after {off.TotalMilliseconds:0} ms");
            Assert.True(on < TimeSpan.FromSeconds(2) && off < TimeSpan.FromSeconds(2), $"the switch took {on} / {off}");
        }
        finally
        {
            await stop.CancelAsync();
            await flowing;
            await SwitchOffAsync();
        }
    }

    [Fact]
    public async Task A_line_records_time_address_method_path_status_duration_identity_and_the_refusal_code()
    {
        await File.WriteAllTextAsync(Marker, "", Ct);
        try
        {
            await WaitForSwitchAsync(true);
            var probe = await ProbeAsync("fields");
            var line = await WaitForLineAsync(probe);
            var fields = line.Split(' ');

            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", fields[0]);
            Assert.Equal("127.0.0.1", fields[1]);
            Assert.Equal("GET", fields[2]);
            Assert.Equal($"\"{probe}\"", fields[3]);
            Assert.Equal("404", fields[4]);
            Assert.Matches(@"^\d+\.\dms$", fields[5]);
            Assert.Equal("-", fields[6]);
            Assert.Equal(ErrorCodes.NotFound, fields[7]);

            // An admin call names the admin.
            using (var status = await silo.Admin.GetAsync("/api/v1/admin/status", Ct))
            {
                await ApiCalls.AssertStatusAsync(status, HttpStatusCode.OK);
            }

            var admin = await WaitForLineAsync("/api/v1/admin/status");
            Assert.Contains(" 200 ", admin, StringComparison.Ordinal);
            Assert.Contains(" admin:admin ", admin, StringComparison.Ordinal);

            // The hourly file's name: yyyy-MM-dd.HH.access.log of the silo's clock (UTC).
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}\.\d{2}\.access\.log$", Path.GetFileName(HourFile));
            Assert.True(File.Exists(HourFile), $"{HourFile} is missing; the logs folder holds {string.Join(", ", Directory.GetFiles(Logs).Select(Path.GetFileName))}");
        }
        finally
        {
            await SwitchOffAsync();
        }
    }

    [Fact]
    public void An_entry_goes_into_the_file_of_its_hour()
    {
        var entry = new AccessLogEntry(new DateTimeOffset(2024, 10, 14, 17, 59, 59, TimeSpan.Zero), "::1", "GET", "/x", 200, TimeSpan.FromMilliseconds(1.25), "-", "-");

        Assert.Equal("2024-10-14.17.access.log", entry.FileName);
        Assert.Equal("2024-10-14.18.access.log", (entry with { At = entry.At.AddSeconds(1) }).FileName);
        Assert.Equal("2024-10-14T17:59:59.000Z ::1 GET \"/x\" 200 1.3ms - -", entry.Line);
    }

    /// <summary>Gateway calls in a loop, bounded in count and time (the brief's rule for load loops).</summary>
    private async Task FlowAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5000 && watch.Elapsed < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await silo.Client.GetAsync("/api/v1/cluster/gateways", cancellationToken);
                await Task.Delay(5, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A request with a path of its own (answered 404 not_found).</summary>
    private async Task<string> ProbeAsync(string name)
    {
        var path = $"/probe-{name}-{Guid.NewGuid():N}";
        using var response = await silo.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return path;
    }

    /// <summary>Deletes the marker and waits until the log is off, so the next test starts with it off.</summary>
    private async Task SwitchOffAsync()
    {
        File.Delete(Marker);
        await WaitForSwitchAsync(false);
    }

    private async Task<TimeSpan> WaitForSwitchAsync(bool on)
    {
        var watch = Stopwatch.StartNew();
        while (Switch.IsOn != on)
        {
            Assert.True(watch.Elapsed < SwitchLimit, $"the access log did not switch {(on ? "on" : "off")} within {SwitchLimit}");
            await Task.Delay(20, Ct);
        }

        return watch.Elapsed;
    }

    private async Task<string> WaitForLineAsync(string text)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(HourFile))
            {
                var lines = await File.ReadAllLinesAsync(HourFile, Ct);
                if (lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"'{text}' did not reach {HourFile}");
            await Task.Delay(20, Ct);
        }
    }
}
