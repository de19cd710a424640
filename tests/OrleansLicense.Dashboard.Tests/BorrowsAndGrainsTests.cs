using System.Net;
using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>The Borrows, Grains and Usage pages.</summary>
public sealed class BorrowsAndGrainsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_borrows_page_lists_what_the_server_answers_or_says_borrowing_is_not_available()
    {
        using var probe = await fixture.Admin.GetAsync("/api/v1/admin/borrows", TestContext.Current.CancellationToken);
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Borrows");

        var unavailable = browser.Page.GetByTestId("borrows-unavailable");
        if (probe.StatusCode == HttpStatusCode.OK)
        {
            // Borrowing has landed: the page shows its list (or that nothing is lent), never the notice.
            await Expect(browser.Page.Locator(".page-borrows .panel")).ToBeVisibleAsync();
            await Expect(unavailable).ToHaveCountAsync(0);
        }
        else
        {
            await Expect(unavailable).ToContainTextAsync("Borrowing is not available on this server");
            await Expect(unavailable).ToContainTextAsync(((int)probe.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_grains_page_shows_activations_and_calls_per_grain_type()
    {
        var product = Names.Product();
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 1));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Grains");

        var license = browser.Page.Locator("tr[data-grain-type='License']");
        await Expect(license).ToBeVisibleAsync();
        await Expect(license.Locator("td").Nth(1)).Not.ToHaveTextAsync("0");
        await Expect(browser.Page.GetByRole(AriaRole.Img, new() { Name = "Activations per grain type" })).ToBeVisibleAsync();
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_usage_page_charts_seats_in_use_and_todays_peak_per_feature()
    {
        var product = Names.Product();
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 3));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Usage");

        var row = browser.Page.Locator(".page-usage tbody tr").Filter(new() { HasText = product });
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("3");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("3");
        await Expect(browser.Page.GetByRole(AriaRole.Img, new() { Name = "Seats in use per feature over the last five minutes" })).ToBeVisibleAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Img, new() { Name = "Peak today and seats per feature" })).ToBeVisibleAsync();
        browser.AssertNoPageProblems();
    }
}
