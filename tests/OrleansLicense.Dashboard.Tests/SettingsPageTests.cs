using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>R-SESS-3 and the borrow rules on the dashboard's settings page.</summary>
public sealed class SettingsPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_client_timeout_of_59_seconds_shows_an_error_and_saves_nothing()
    {
        var before = await fixture.Admin.GetSettingsAsync();
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Settings");
        var timeout = browser.Page.GetByLabel("Client timeout (seconds)");
        await Expect(timeout).ToHaveValueAsync(before.ClientTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await timeout.FillAsync("59");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        var error = browser.Page.Locator("#client-timeout-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("from 60 (1 minute) to 172800 (48 hours)");
        await Expect(timeout).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(before.ClientTimeoutSeconds, (await fixture.Admin.GetSettingsAsync()).ClientTimeoutSeconds);
    }

    [Fact]
    public async Task The_servers_problem_detail_is_shown_when_it_refuses_the_settings()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Settings");

        // The page checks the range itself; to see the server's own answer, the request is
        // changed on its way out, as an older page or another client could send it.
        await browser.Page.RouteAsync("**/api/v1/admin/settings", async route =>
        {
            if (route.Request.Method != "PUT")
            {
                await route.ContinueAsync();
                return;
            }

            var body = JsonNode.Parse(route.Request.PostData!)!;
            body["clientTimeoutSeconds"] = 59;
            await route.ContinueAsync(new() { PostData = Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
        await Expect(browser.Page.GetByLabel("Client timeout (seconds)")).Not.ToHaveValueAsync("");
        await browser.Page.GetByLabel("Client timeout (seconds)").FillAsync("300");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Expect(browser.Page.Locator(".form-error")).ToContainTextAsync("clientTimeoutSeconds must be between 60 and 172800 (was 59)");
        Assert.NotEqual(59, (await fixture.Admin.GetSettingsAsync()).ClientTimeoutSeconds);
    }

    [Fact]
    public async Task A_valid_timeout_and_a_borrow_rule_are_saved()
    {
        var before = await fixture.Admin.GetSettingsAsync();
        var product = Names.Product();
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Settings");
        await Expect(browser.Page.GetByLabel("Client timeout (seconds)")).Not.ToHaveValueAsync("");
        try
        {
            await browser.Page.GetByLabel("Client timeout (seconds)").FillAsync("300");
            await Expect(browser.Page.Locator("#client-timeout-hint")).ToContainTextAsync("5 min; clients heartbeat every 2 min 30 s");
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            var rule = browser.Page.Locator("tr.rule").Last;
            await rule.GetByLabel("Product").FillAsync(product);
            await rule.GetByLabel("Max hours").FillAsync("5000");
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(browser.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Max hours" })).ToContainTextAsync("from 1 to 4320");

            await rule.GetByLabel("Max hours").FillAsync("48");
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(browser.Page.GetByText("Settings saved.")).ToBeVisibleAsync();

            var after = await fixture.Admin.GetSettingsAsync();
            Assert.Equal(300, after.ClientTimeoutSeconds);
            Assert.Equal(48, after.BorrowRules[product].MaxHours);
            Assert.Equal(before.Maintenance, after.Maintenance);
        }
        finally
        {
            using var restore = await fixture.Admin.PutAsync(
                "/api/v1/admin/settings",
                System.Net.Http.Json.JsonContent.Create(before, OrleansLicense.Contracts.ContractsJsonContext.Default.SettingsView),
                TestContext.Current.CancellationToken);
        }
    }
}
