using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>
/// Issue #14 item 16 on the console, in Chromium: a grid of two silo processes on a throwaway PostgreSQL, one killed
/// with SIGKILL, so its row in Orleans' membership table reads Dead. The overview lists the live silo only; the toggle
/// shows the dead row (and hides it again). That the rows expire is shown at the API in OrleansLicense.Silo.Tests'
/// DeadSiloRowsTests.
/// </summary>
public sealed class DeadSiloRowsTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_overview_lists_the_live_silos_and_a_killed_silos_dead_row_only_behind_the_toggle()
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken: Ct);
        var connection = await postgres.CreateDatabaseAsync("olic_console_dead", Ct);
        using var work = new TempDirectory("olic-console-dead");
        await using var first = await SiloProcess.StartAsync(Options(work, "silo-1", connection), Ct);
        await using var second = await SiloProcess.StartAsync(Options(work, "silo-2", connection), Ct);
        await WaitForAsync(first, s => s.Silos.Count(x => x.Status == "active") == 2);

        await second.KillAsync(Ct);
        await WaitForAsync(first, s => s.DeadSilos == 1 && s.Silos.Count == 1);
        var all = await StatusAsync(first, dead: true);
        var live = Assert.Single(all.Silos, s => s.Status == "active");
        var killed = Assert.Single(all.Silos, s => s.Status == "dead");

        await using var browser = await DashboardBrowser.OpenAsync(fixture, first.BaseUrl);
        await browser.SignInAsync(first.AdminToken);
        var rows = browser.Page.Locator("tr[data-silo]");

        // By default: the live silo alone, and a toggle that says one more row is hidden.
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(browser.Page.Locator($"tr[data-silo='{live.Address}']")).ToContainTextAsync("active");
        await Expect(browser.Page.GetByTestId("dead-silo-count")).ToHaveTextAsync("(1)");
        var toggle = browser.Page.GetByLabel("Show stopped and dead silos");

        // The toggle shows the dead row, marked dead, and hides it again.
        await toggle.CheckAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(browser.Page.Locator($"tr[data-silo='{killed.Address}']")).ToContainTextAsync("dead");
        await toggle.UncheckAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(browser.Page.Locator($"tr[data-silo='{killed.Address}']")).ToHaveCountAsync(0);
        browser.AssertNoPageProblems();
    }

    private static SiloProcessOptions Options(TempDirectory work, string folder, string connection) => new()
    {
        DataFolder = work.File(folder),
        WorkingDirectory = work.Path,
        PostgresConnectionString = connection,
        StartLimit = TimeSpan.FromSeconds(120),
    };

    private static async Task<StatusView> StatusAsync(SiloProcess silo, bool dead = false)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, dead ? "/api/v1/admin/status?dead=true" : "/api/v1/admin/status"), Ct);
        await ApiCalls.AssertStatusAsync(response, System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.StatusView, Ct))!;
    }

    private static async Task WaitForAsync(SiloProcess silo, Func<StatusView, bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var status = await StatusAsync(silo);
            if (condition(status))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The status did not reach the expected state within {Limit.TotalSeconds} s: {string.Join(", ", status.Silos.Select(s => $"{s.Name} {s.Status}"))}, {status.DeadSilos} dead.");
            }

            await Task.Delay(250, Ct);
        }
    }
}
