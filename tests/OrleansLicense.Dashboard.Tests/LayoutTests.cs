using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>
/// Every page at 1280x800 and at 390x844 (a phone): nothing wider than the screen, and a
/// screenshot of each in the test output folder's screenshots/ for a human to look at.
/// </summary>
public sealed class LayoutTests(DashboardFixture fixture)
{
    public static TheoryData<string> Viewports => ["desktop", "phone"];

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task Every_page_fits_the_screen(string viewport)
    {
        // Content for every page: a license with seats in use, and a few grain calls behind it.
        var product = Names.Product("layout");
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 10), ("plot", 4), ("render", 2)));
        await fixture.Client.LoginOkAsync(product, Names.User("ann"), ("draw", 2), ("plot", 1));
        await fixture.Client.LoginOkAsync(product, Names.User("bob"), ("draw", 1), ("render", 2));

        await using var browser = await DashboardBrowser.OpenAsync(fixture, viewport == "phone" ? DashboardBrowser.Phone : DashboardBrowser.Desktop);
        var page = browser.Page;
        await page.GotoAsync("/dashboard");
        await Expect(page.GetByLabel("Admin token")).ToBeVisibleAsync();
        await CheckAsync(browser, viewport, "00-sign-in");
        await browser.SignInAsync(fixture.Token);

        var pages = new (string Title, ILocator Ready)[]
        {
            ("Overview", page.Locator("tr[data-silo]").First),
            ("Licenses", page.Locator("[data-license-id] [role=meter]").First),
            ("Sessions", page.Locator("tr[data-session-id]").First),
            ("Borrows", page.Locator(".page-borrows .panel").First),
            ("Grains", page.Locator("tr[data-grain-type]").First),
            ("Usage", page.Locator(".page-usage tbody tr").First),
            ("Settings", page.Locator("#client-timeout-hint").Filter(new() { HasText = "heartbeat" })),
            ("Logs", page.Locator(".log-entry").First),
        };
        for (var i = 0; i < pages.Length; i++)
        {
            var (title, ready) = pages[i];
            await browser.NavigateAsync(title);
            await Expect(ready).ToBeVisibleAsync();
            await CheckAsync(browser, viewport, $"{i + 1:00}-{title.ToLowerInvariant()}");
        }

        if (browser.IsPhone)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard pages" })).ToBeVisibleAsync();
            await CheckAsync(browser, viewport, "09-menu-open");
        }

        browser.AssertNoPageProblems();
    }

    private static async Task CheckAsync(DashboardBrowser browser, string viewport, string name)
    {
        await browser.Page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotFolder, $"{viewport}-{name}.png"), FullPage = true });
        var overflow = await browser.HorizontalOverflowAsync();
        Assert.True(overflow == 0, $"{name} at {viewport} is {overflow} px wider than the viewport");
    }
}
