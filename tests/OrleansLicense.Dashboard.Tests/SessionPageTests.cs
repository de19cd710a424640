using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>R-SESS-5 on the dashboard: live sessions, search and sort, remove.</summary>
public sealed class SessionPageTests(DashboardFixture fixture)
{
    /// <summary>The issue's bound for a change on the server to show on an open page.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WithinTwoSeconds = new() { Timeout = 2000 };

    [Fact]
    public async Task A_client_login_shows_its_session_row_and_seat_bar_within_two_seconds_without_a_reload()
    {
        var product = Names.Product();
        var license = await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        await using var licenses = await DashboardBrowser.OpenAsync(fixture);
        await using var sessions = await DashboardBrowser.OpenAsync(fixture);
        await licenses.SignInAsync(fixture.Token);
        await sessions.SignInAsync(fixture.Token);
        await licenses.NavigateAsync("Licenses");
        await sessions.NavigateAsync("Sessions");
        var meter = licenses.Page.Locator($"[data-license-id='{license.Id}'] [data-feature='draw'] [role=meter]");
        await Expect(meter).ToHaveAttributeAsync("data-used", "0");

        // A reload would drop this marker.
        await licenses.Page.EvaluateAsync("() => window.notReloaded = true");
        await sessions.Page.EvaluateAsync("() => window.notReloaded = true");

        var user = Names.User();
        var login = await fixture.Client.LoginOkAsync(product, user, ("draw", 2));

        var row = sessions.Page.Locator($"tr[data-session-id='{login.SessionId}']");
        await Task.WhenAll(
            Expect(row).ToBeVisibleAsync(WithinTwoSeconds),
            Expect(meter).ToHaveAttributeAsync("data-used", "2", new() { Timeout = 2000 }));
        await Expect(row).ToContainTextAsync(user);
        await Expect(row).ToContainTextAsync("draw ×2");
        await Expect(licenses.Page.Locator($"[data-license-id='{license.Id}'] [data-feature='draw']")).ToContainTextAsync("3 free");
        Assert.True(await licenses.Page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.True(await sessions.Page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        licenses.AssertNoPageProblems();
        sessions.AssertNoPageProblems();
    }

    [Fact]
    public async Task Removing_a_session_on_the_page_ends_it_for_the_API_too()
    {
        var product = Names.Product();
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        var login = await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 1));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Sessions");
        var row = browser.Page.Locator($"tr[data-session-id='{login.SessionId}']");

        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(browser.Dialog).ToBeVisibleAsync();
        await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = "Remove session" }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain(await fixture.Admin.ListSessionsAsync(), s => s.SessionId == login.SessionId);
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_table_filters_by_search_and_sorts_by_a_column()
    {
        var product = Names.Product();
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        var zoe = await fixture.Client.LoginOkAsync(product, Names.User("zoe"), ("draw", 1));
        var adam = await fixture.Client.LoginOkAsync(product, Names.User("adam"), ("draw", 1));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Sessions");
        var zoeRow = browser.Page.Locator($"tr[data-session-id='{zoe.SessionId}']");
        var adamRow = browser.Page.Locator($"tr[data-session-id='{adam.SessionId}']");
        await Expect(adamRow).ToBeVisibleAsync();

        await browser.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sessions" }).FillAsync($"{product} zoe");
        await Expect(zoeRow).ToBeVisibleAsync();
        await Expect(adamRow).ToBeHiddenAsync();

        await browser.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search sessions" }).FillAsync(product);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "User" }).ClickAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Columnheader, new() { Name = "User" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(browser.Page.Locator("tbody tr").First).ToHaveAttributeAsync("data-session-id", adam.SessionId);

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "User" }).ClickAsync();
        await Expect(browser.Page.Locator("tbody tr").First).ToHaveAttributeAsync("data-session-id", zoe.SessionId);
    }
}
