using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests.Triad;

/// <summary>The Redundancy page (R-TRI-3): on a server that is no triad it says so and how to make one.</summary>
public sealed class RedundancyPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_redundancy_page_says_the_server_is_not_a_triad_and_how_to_create_one()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Redundancy");

        var none = browser.Page.GetByTestId("triad-none");
        await Expect(none).ToContainTextAsync("This grid is not a triad.");
        await Expect(none).ToContainTextAsync("olic triad create");
        browser.AssertNoPageProblems();
    }
}
