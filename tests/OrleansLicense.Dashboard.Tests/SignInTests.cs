using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>R-OPS-3 / R-SEC-1: the dashboard sits behind the admin token.</summary>
public sealed class SignInTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_wrong_token_is_refused_and_the_right_one_opens_the_overview()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        var page = browser.Page;
        await page.GotoAsync("/dashboard");

        // The form tells the administrator where the token is.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the dashboard" })).ToBeVisibleAsync();
        await Expect(page.Locator("form")).ToContainTextAsync("data/admin.token");

        await page.GetByLabel("Admin token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");

        await browser.SignInAsync(fixture.Token);
        await Expect(page.GetByTestId("cluster-id")).ToHaveTextAsync("default");
        await Expect(page.GetByTestId("mode")).ToHaveTextAsync("normal");

        // Kept for this tab only, and a reload stays signed in.
        Assert.Equal(fixture.Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('orleanslicense.adminToken')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        await page.ReloadAsync();
        await Expect(browser.Heading("Overview")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('orleanslicense.adminToken')"));
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task Every_api_call_of_the_page_sends_the_bearer_token()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        var unauthenticated = new List<string>();
        browser.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/", StringComparison.Ordinal) && request.Headers.GetValueOrDefault("authorization") != $"Bearer {fixture.Token}")
            {
                unauthenticated.Add(request.Url);
            }
        };

        await browser.SignInAsync(fixture.Token);
        foreach (var title in new[] { "Licenses", "Sessions", "Logs", "Overview" })
        {
            await browser.NavigateAsync(title);
        }

        // Wait for a poll of the overview to have gone out after the last navigation.
        await browser.Page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/admin/dashboard/stats", StringComparison.Ordinal));
        Assert.Empty(unauthenticated);
    }
}
