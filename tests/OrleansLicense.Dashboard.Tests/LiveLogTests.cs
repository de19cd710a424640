using System.Net.Http.Headers;
using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>The live log page: the silo's recent entries, then new ones streamed as they are written.</summary>
public sealed class LiveLogTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_page_shows_the_log_and_streams_new_entries()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Logs");
        var log = browser.Page.GetByRole(AriaRole.Log);

        // The backlog: the silo's start-up lines.
        await Expect(log).ToContainTextAsync("OrleansLicense silo serving at");
        await Expect(browser.Page.GetByText("Streaming", new() { Exact = true })).ToBeVisibleAsync();

        // A wrong token is logged as a warning naming the path: a marker only this test writes.
        var marker = $"log-marker-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.BaseUrl}/api/v1/admin/licenses/{marker}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token");
        using var http = new HttpClient();
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var entry = browser.Page.Locator(".log-entry").Filter(new() { HasText = marker });
        await Expect(entry).ToBeVisibleAsync();
        await Expect(entry).ToContainTextAsync("Warning");

        // Filtering by level leaves the warning and hides information lines.
        await browser.Page.GetByLabel("Lowest level shown").SelectOptionAsync("Warning");
        await Expect(entry).ToBeVisibleAsync();
        await Expect(log.GetByText("OrleansLicense silo serving at")).ToHaveCountAsync(0);
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_stream_needs_the_admin_token()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{fixture.BaseUrl}/api/v1/admin/dashboard/logs", TestContext.Current.CancellationToken);

        await ApiCalls.AssertProblemAsync(response, System.Net.HttpStatusCode.Unauthorized, "unauthorized");
    }
}
