using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests.Triad;

/// <summary>
/// The Redundancy page's actions (R-TRI-3, issue #16 item 4), in Chromium on a grid of three real silo processes on a
/// throwaway PostgreSQL: refusals show their problem code and detail (a silo given two roles, no enterprise license, a
/// replacement not chosen, a move target that does not answer), and the page creates the triad, changes its roles and
/// dissolves it, each after a confirm dialog. Replacing a dead node for real is TriadAdminTests' (Cluster.Tests).
/// </summary>
public sealed class TriadActionsTests(DashboardFixture fixture)
{
    private const string TriadId = "plant-9";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>Failover and hand-back take a few seconds, more on a busy machine.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Settles = new() { Timeout = 30_000 };

    private static readonly LocatorAssertionsToHaveClassOptions Waits = new() { Timeout = 30_000 };

    /// <summary>The class of the server card the page draws as the active one.</summary>
    private static readonly Regex ActiveServer = new(@"\bactive\b");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task R_TRI_3_the_page_creates_a_triad_changes_its_roles_and_dissolves_it_and_shows_refusals_with_their_code()
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken: Ct);
        var connection = await postgres.CreateDatabaseAsync("olic_console_triad", Ct);
        using var work = new TempDirectory("olic-console-triad");
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                silos.Add(await SiloProcess.StartAsync(Options(work, $"silo-{i}", connection), Ct));
            }

            await WaitForAsync(silos[0], s => s.Silos.Count(x => x.Status == "active") == 3);
            var (a, b, c) = (Address(silos[0]), Address(silos[1]), Address(silos[2]));

            await using var browser = await DashboardBrowser.OpenAsync(fixture, silos[0].BaseUrl);
            await browser.SignInAsync(silos[0].AdminToken);
            await browser.NavigateAsync("Redundancy");
            var page = browser.Page;
            await Expect(page.GetByTestId("triad-none")).ToContainTextAsync("This grid is not a triad.");
            var create = page.GetByTestId("triad-create");
            var createError = create.GetByRole(AriaRole.Alert);

            // A silo given two roles: the server's triad_roles_invalid, shown with its detail.
            await create.GetByLabel("Name", new() { Exact = true }).FillAsync("Plant 9");
            await create.GetByLabel("Id (licenses are bound to it)").FillAsync(TriadId);
            await ChooseAsync(create, ("Primary", a), ("Secondary", b), ("Tertiary", a));
            await create.GetByLabel("License files").SetInputFilesAsync(LicenseFile("T9", LicenseEdition.Enterprise));
            await SubmitAsync(browser, create, "Create triad");
            await Expect(createError).ToContainTextAsync("triad_roles_invalid: A triad is three different silos");

            // Three silos, but only a standard license: enterprise_required.
            await ChooseAsync(create, ("Tertiary", c));
            await create.GetByLabel("License files").SetInputFilesAsync(LicenseFile("S9", LicenseEdition.Standard));
            await SubmitAsync(browser, create, "Create triad");
            await Expect(createError).ToContainTextAsync("enterprise_required: ");
            await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "desktop-triad-create.png"), FullPage = true });

            // Created: the three servers drawn with their roles, the primary active.
            await create.GetByLabel("License files").SetInputFilesAsync(LicenseFile("T9", LicenseEdition.Enterprise));
            await SubmitAsync(browser, create, "Create triad");
            await Expect(page.GetByTestId("triad-summary")).ToContainTextAsync("Plant 9", Settles);
            await Expect(page.GetByTestId("triad-primary")).ToContainTextAsync(a);
            await Expect(page.GetByTestId("triad-tertiary")).ToContainTextAsync(c);
            await Expect(page.GetByTestId("triad-primary")).ToHaveClassAsync(ActiveServer, Waits);
            Assert.Equal(TriadId, (await TriadAsync(silos[1])).GetProperty("id").GetString());
            Assert.Equal(0, await browser.HorizontalOverflowAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "desktop-triad-manage.png"), FullPage = true });
            await using (var phone = await DashboardBrowser.OpenAsync(fixture, silos[0].BaseUrl, DashboardBrowser.Phone))
            {
                await phone.SignInAsync(silos[0].AdminToken);
                await phone.NavigateAsync("Redundancy");
                await Expect(phone.Page.GetByTestId("triad-dissolve")).ToBeVisibleAsync();
                Assert.Equal(0, await phone.HorizontalOverflowAsync());
                await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "phone-triad-manage.png"), FullPage = true });
            }

            // Change roles: the old secondary becomes the primary and takes over.
            var roles = page.GetByTestId("triad-roles");
            await ChooseAsync(roles, ("Primary", b), ("Secondary", a));
            await SubmitAsync(browser, roles, "Change roles");
            await Expect(page.GetByTestId("triad-primary")).ToContainTextAsync(b, Settles);
            await Expect(page.GetByTestId("triad-secondary")).ToContainTextAsync(a);
            await Expect(page.GetByTestId("triad-primary")).ToHaveClassAsync(ActiveServer, Waits);
            var primary = (await TriadAsync(silos[2])).GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("role").GetString() == "primary");
            Assert.Equal(b, primary.GetProperty("addresses")[0].GetString());

            // A refused change shows its code too: no silo outside the triad was chosen to replace the node.
            var replace = page.GetByTestId("triad-replace");
            await ChooseAsync(replace, ("Dead node", c));
            await Expect(replace.GetByLabel("New silo")).ToContainTextAsync("No active silo outside the triad");
            await SubmitAsync(browser, replace, "Replace node");
            await Expect(replace.GetByRole(AriaRole.Alert)).ToContainTextAsync("bad_request: node, with:");

            // Moving the licenses to a server that does not answer is refused before anything changes.
            var dissolve = page.GetByTestId("triad-dissolve");
            await dissolve.GetByLabel("Licenses").SelectOptionAsync("move");
            await dissolve.GetByLabel("Target server URL").FillAsync($"http://127.0.0.1:{FreePort.Next()}");
            await dissolve.GetByLabel("Target admin token").FillAsync("not-a-token");
            await SubmitAsync(browser, dissolve, "Dissolve triad");
            await Expect(dissolve.GetByRole(AriaRole.Alert)).ToContainTextAsync("triad_move_target_unreachable: ", Settles);
            Assert.Equal(TriadId, (await TriadAsync(silos[0])).GetProperty("id").GetString());

            // Dissolve, keeping the licenses: the page says the grid is no triad again.
            await dissolve.GetByLabel("Licenses").SelectOptionAsync("keep");
            await SubmitAsync(browser, dissolve, "Dissolve triad");
            await Expect(page.GetByTestId("triad-none")).ToContainTextAsync("This grid is not a triad.", Settles);
            using (var gone = await silos[0].Http.SendAsync(silos[0].Admin(HttpMethod.Get, "/api/v1/admin/triad"), Ct))
            {
                Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
            }

            browser.AssertNoPageProblems();
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Picks each role's silo (by its value, the silo address) in a form.</summary>
    private static async Task ChooseAsync(ILocator form, params (string Label, string Address)[] choices)
    {
        foreach (var (label, address) in choices)
        {
            await form.GetByLabel(label, new() { Exact = true }).SelectOptionAsync(address);
        }
    }

    /// <summary>Submits a form and confirms its dialog.</summary>
    private static async Task SubmitAsync(DashboardBrowser browser, ILocator form, string button)
    {
        await form.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Expect(browser.Dialog).ToHaveCountAsync(0);
    }

    private FilePayload LicenseFile(string id, LicenseEdition edition) => new()
    {
        Name = $"{id}.lic",
        MimeType = "application/json",
        Buffer = Encoding.UTF8.GetBytes(LicenseIssuer.Issue(
            new LicenseDocument(id, "cad", edition, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [new LicenseFeature("draw", 3)], LicenseBinding.ToTriad(TriadId)),
            fixture.Vendor.Key)),
    };

    private SiloProcessOptions Options(TempDirectory work, string folder, string connection)
    {
        var data = work.File(folder);
        fixture.Vendor.TrustIn(data);
        return new SiloProcessOptions
        {
            DataFolder = data,
            WorkingDirectory = work.Path,
            PostgresConnectionString = connection,
            StartLimit = TimeSpan.FromSeconds(120),
            Environment = new Dictionary<string, string>
            {
                ["OLIC_Cluster__Enabled"] = "true",
                ["OLIC_Cluster__ClusterId"] = "console-triad",
                ["OLIC_Cluster__AdvertisedHost"] = "127.0.0.1",
            },
        };
    }

    /// <summary>The silo address (<c>host:port</c>) a triad knows a silo process by.</summary>
    private static string Address(SiloProcess silo) => $"127.0.0.1:{silo.SiloPort}";

    private static async Task<JsonElement> TriadAsync(SiloProcess silo)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/triad"), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).Clone();
    }

    private static async Task WaitForAsync(SiloProcess silo, Func<StatusView, bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/status"), Ct);
            await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
            var status = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.StatusView, Ct))!;
            if (condition(status))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The grid did not form within {Limit.TotalSeconds} s: {string.Join(", ", status.Silos.Select(s => $"{s.Name} {s.Status}"))}.");
            await Task.Delay(250, Ct);
        }
    }
}
