using System.Globalization;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Silo.Tests.Process;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Grid;

/// <summary>
/// Issue #14 item 16: the status shows the live silos; a stopped silo's row is counted, listed only with
/// <c>?dead=true</c>, and expires from the membership table (Orleans' defunct-silo cleanup, Cluster:DefunctSiloExpiration).
/// </summary>
public sealed class DeadSiloRowsTests() : ProcessWalk("olic-deadrows")
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Expiration = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_stopped_silo_is_hidden_from_the_status_listed_on_request_and_then_expires()
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken: Ct);
        var connection = await postgres.CreateDatabaseAsync("olic_deadrows", Ct);
        var settings = new Dictionary<string, string>
        {
            // Short, so that the test sees a row expire; the defaults are a day and an hour.
            ["OLIC_Cluster__DefunctSiloExpiration"] = Expiration.ToString("c", CultureInfo.InvariantCulture),
            ["OLIC_Cluster__DefunctSiloCleanupPeriod"] = "00:00:01",
        };
        await using var first = await SiloProcess.StartAsync(Options("silo-1", connection, settings), Ct);
        await using var second = await SiloProcess.StartAsync(Options("silo-2", connection, settings), Ct);
        await WaitForAsync(first, s => s.Silos.Count(x => x.Status == "active") == 2, dead: false);

        // A graceful stop: Orleans marks the row dead.
        Signal(second, "TERM");
        await second.WaitForExitAsync(Limit, Ct);

        var status = await WaitForAsync(first, s => s.DeadSilos == 1, dead: false);
        Assert.Equal(["active"], status.Silos.Select(s => s.Status));
        var all = await StatusAsync(first, dead: true);
        Assert.Equal(["active", "dead"], all.Silos.Select(s => s.Status));

        // Then the row expires from the table. Orleans 10.4 cleans up when the membership changes next, once the row is
        // older than the expiration: let the expiration pass (a time condition, not a synchronisation), then a silo joins.
        var stopped = DateTime.UtcNow;
        while (DateTime.UtcNow - stopped < Expiration + TimeSpan.FromSeconds(1))
        {
            await Task.Delay(250, Ct);
        }

        await using var third = await SiloProcess.StartAsync(Options("silo-3", connection, settings), Ct);
        var expired = await WaitForAsync(first, s => s.DeadSilos == 0 && s.Silos.Count == 2, dead: true);
        Assert.Equal(["active", "active"], expired.Silos.Select(s => s.Status));
    }

    private SiloProcessOptions Options(string folder, string connection, Dictionary<string, string> settings) => new()
    {
        DataFolder = Work.File(folder),
        WorkingDirectory = Work.Path,
        PostgresConnectionString = connection,
        Environment = settings,
        StartLimit = TimeSpan.FromSeconds(120),
    };

    private static async Task<StatusView> StatusAsync(SiloProcess silo, bool dead)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, dead ? "/api/v1/admin/status?dead=true" : "/api/v1/admin/status"), Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StatusView>(Ct))!;
    }

    private static async Task<StatusView> WaitForAsync(SiloProcess silo, Func<StatusView, bool> condition, bool dead)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var status = await StatusAsync(silo, dead);
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The status did not reach the expected state within {Limit.TotalSeconds} s: {string.Join(", ", status.Silos.Select(s => $"{s.Name} {s.Status}"))}, {status.DeadSilos} dead; the silo's warnings: {string.Join('\n', silo.Output.Split('\n').Where(l => l.Contains(" WRN] ", StringComparison.Ordinal) || l.Contains(" ERR] ", StringComparison.Ordinal)).TakeLast(20))}");
            }

            await Task.Delay(250, Ct);
        }
    }

    private static void Signal(SiloProcess silo, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, silo.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
