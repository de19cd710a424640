using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>Issue #14 item 18 (and 17) on the console, in Chromium.</summary>
public sealed class HardeningTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Sessions_show_their_session_id_and_license_id()
    {
        var product = Names.Product();
        var license = await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        var login = await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 1));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Sessions");

        var row = browser.Page.Locator($"tr[data-session-id='{login.SessionId}']");
        await Expect(row.Locator("[data-testid=session-id]")).ToHaveTextAsync(login.SessionId);
        await Expect(row.Locator("[data-testid=license-id]")).ToHaveTextAsync(license.Id);
        await Expect(browser.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Session" })).ToBeVisibleAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Columnheader, new() { Name = "License" })).ToBeVisibleAsync();

        // The search finds a session by its license id too.
        await browser.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sessions" }).FillAsync(license.Id);
        await Expect(row).ToBeVisibleAsync();
        browser.AssertNoPageProblems();
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task The_topology_card_never_breaks_a_word(string viewport)
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture, viewport == "phone" ? DashboardBrowser.Phone : DashboardBrowser.Desktop);
        await browser.SignInAsync(fixture.Token);
        var topology = browser.Page.Locator("[data-testid=topology]");
        await Expect(topology.Locator(".nowrap").First).ToBeVisibleAsync();

        // Each part renders on one line: one client rectangle per part ("Grid (PostgreSQ / L)" had two).
        var lines = await topology.EvaluateAsync<int[]>(
            "element => [...element.querySelectorAll('.nowrap')].map(part => { const range = document.createRange(); range.selectNodeContents(part); return range.getClientRects().length; })");
        Assert.NotEmpty(lines);
        Assert.All(lines, count => Assert.Equal(1, count));
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_usage_page_draws_the_stored_daily_peaks_also_after_a_reload()
    {
        var product = Names.Product();
        var license = await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        var first = await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 2));
        var second = await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 1));
        foreach (var session in new[] { first, second })
        {
            using var logout = await fixture.Client.DeleteAsync($"/api/v1/sessions/{session.SessionId}", TestContext.Current.CancellationToken);
            await ApiCalls.AssertStatusAsync(logout, System.Net.HttpStatusCode.NoContent);
        }
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Usage");

        // Nothing is in use now and the page sampled nothing while the seats were taken: the 3 comes from storage.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var row = browser.Page.Locator($"tr[data-peak-day='{today}'][data-peak-license='{license.Id}'][data-peak-feature='draw']");
        await Expect(row).ToContainTextAsync("3");

        await browser.Page.ReloadAsync();
        await Expect(row).ToContainTextAsync("3");
        browser.AssertNoPageProblems();
    }
}
