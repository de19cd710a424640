using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Agents;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>
/// Issue #18 item 6 on the console, in Chromium: two grids (two silo processes, each a single-silo grid on SQLite); the
/// second-level one adds an agent with the seed's addAgent, and the Agents page of each shows the agreement per feature
/// with its role, mode, seats, seats in use and link state.
/// </summary>
public sealed class AgentsPageTests(DashboardFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_agents_page_of_both_grids_shows_an_agent_after_addAgent()
    {
        using var work = new TempDirectory("olic-console-agents");
        var product = Names.Product();
        var licenseId = $"OL-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var upData = work.File("up");
        fixture.Vendor.TrustIn(upData);
        await using var up = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = upData, WorkingDirectory = work.Path }, Ct);
        await ImportAgentableAsync(up, licenseId, product);
        var credential = await CreateCredentialAsync(up, "plant-b");
        await using var down = await SiloProcess.StartAsync(new SiloProcessOptions
        {
            DataFolder = work.File("down"),
            WorkingDirectory = work.Path,
            Environment = new Dictionary<string, string> { ["OLIC_Agent__Upstream"] = up.BaseUrl, ["OLIC_Agent__Credential"] = credential },
        }, Ct);

        // Before: the downstream's page says there are none.
        await using (var before = await DashboardBrowser.OpenAsync(fixture, down.BaseUrl))
        {
            await before.SignInAsync(down.AdminToken);
            await before.NavigateAsync("Agents");
            await Expect(before.Page.GetByText("No agents.")).ToBeVisibleAsync();
        }

        // The seed's addAgent on the second-level silo; one of its clients takes a seat of the agent.
        using (var content = new StringContent("featureName=draw\nfeatureUserNumber=3\nmode=increase", Encoding.UTF8, "text/plain"))
        using (var added = await down.Http.PostAsync($"/rest/{down.AdminToken}/product/{product}/addAgent", content, Ct))
        {
            var answer = await added.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(added.StatusCode == HttpStatusCode.OK && answer.GetProperty("code").GetInt32() == 0, answer.ToString());
        }

        await down.Http.LoginOkAsync(product, Names.User(), ("draw", 1));

        await using (var browser = await DashboardBrowser.OpenAsync(fixture, down.BaseUrl))
        {
            await browser.SignInAsync(down.AdminToken);
            await browser.NavigateAsync("Agents");
            var row = browser.Page.Locator($"tr[data-agent='downstream:plant-b:{licenseId}:draw']");
            await Expect(Cell(row, "Feature")).ToContainTextAsync("draw");
            await Expect(Cell(row, "Role")).ToHaveTextAsync("downstream");
            await Expect(Cell(row, "Mode")).ToHaveTextAsync("increase");
            await Expect(Cell(row, "Seats")).ToHaveTextAsync("3");
            await Expect(Cell(row, "In use")).ToHaveTextAsync("1");
            await Expect(Cell(row, "Link")).ToHaveTextAsync("active");
            await Expect(browser.Page.GetByRole(AriaRole.Img, new() { Name = "Seats and seats in use of each agent agreement" })).ToBeVisibleAsync();
            await browser.Page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "desktop-agents.png"), FullPage = true });
            browser.AssertNoPageProblems();
        }

        // On a phone the rows turn into cards that fit the screen, as on every other page (LayoutTests).
        await using (var phone = await DashboardBrowser.OpenAsync(fixture, down.BaseUrl, DashboardBrowser.Phone))
        {
            await phone.SignInAsync(down.AdminToken);
            await phone.NavigateAsync("Agents");
            await Expect(Cell(phone.Page.Locator($"tr[data-agent='downstream:plant-b:{licenseId}:draw']"), "Seats")).ToHaveTextAsync("3");
            await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "phone-agents.png"), FullPage = true });
            Assert.Equal(0, await phone.HorizontalOverflowAsync());
            phone.AssertNoPageProblems();
        }

        // The upstream lists the same agreement from its side: 3 seats lent to plant-b, all counted as used there.
        await using (var browser = await DashboardBrowser.OpenAsync(fixture, up.BaseUrl))
        {
            await browser.SignInAsync(up.AdminToken);
            await browser.NavigateAsync("Agents");
            var row = browser.Page.Locator($"tr[data-agent='upstream:plant-b:{licenseId}:draw']");
            await Expect(Cell(row, "Role")).ToHaveTextAsync("upstream");
            await Expect(Cell(row, "Agent")).ToHaveTextAsync("plant-b");
            await Expect(Cell(row, "Mode")).ToHaveTextAsync("increase");
            await Expect(Cell(row, "Seats")).ToHaveTextAsync("3");
            await Expect(Cell(row, "Link")).ToHaveTextAsync("active");
            browser.AssertNoPageProblems();
        }
    }

    private static ILocator Cell(ILocator row, string column) => row.Locator($"td[data-label='{column}']");

    private async Task ImportAgentableAsync(SiloProcess up, string licenseId, string product)
    {
        var license = LicenseIssuer.Issue(
            new LicenseDocument(licenseId, product, LicenseEdition.Standard, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None with { Agentable = true },
                [new LicenseFeature("draw", 5)], LicenseBinding.None),
            fixture.Vendor.Key);
        using var response = await up.Http.SendAsync(up.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(license, Encoding.UTF8, "application/json")), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
    }

    private static async Task<string> CreateCredentialAsync(SiloProcess up, string agentId)
    {
        using var body = JsonContent.Create(new AgentCredentialRequest(agentId), ContractsJsonContext.Default.AgentCredentialRequest);
        using var response = await up.Http.SendAsync(up.Admin(HttpMethod.Post, "/api/v1/admin/agents/credentials", body), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.AgentCredentialResponse, Ct))!.Credential;
    }
}
