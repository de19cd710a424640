using System.Net;
using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>R-MAINT-2: the maintenance switch of the dashboard.</summary>
public sealed class MaintenanceTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_switch_asks_for_confirmation_and_then_logins_are_refused_with_503_maintenance()
    {
        var product = Names.Product();
        await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5)));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        var maintenance = browser.Page.GetByRole(AriaRole.Switch, new() { Name = "Maintenance mode" });
        await Expect(maintenance).ToHaveAttributeAsync("aria-checked", "false");
        try
        {
            // Cancelling changes nothing.
            await maintenance.ClickAsync();
            await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(browser.Dialog).ToHaveCountAsync(0);
            Assert.False((await fixture.Admin.GetSettingsAsync()).Maintenance);

            await maintenance.ClickAsync();
            await Expect(browser.Dialog).ToContainTextAsync("Every new login is refused");
            await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = "Enter maintenance" }).ClickAsync();

            await Expect(maintenance).ToHaveAttributeAsync("aria-checked", "true");
            await Expect(browser.Page.GetByTestId("mode")).ToHaveTextAsync("maintenance");
            using (var refused = await fixture.Client.LoginAsync(product, Names.User(), ("draw", 1)))
            {
                await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "maintenance");
            }

            await maintenance.ClickAsync();
            await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = "Back to normal" }).ClickAsync();
            await Expect(maintenance).ToHaveAttributeAsync("aria-checked", "false");
            await fixture.Client.LoginOkAsync(product, Names.User(), ("draw", 1));
            browser.AssertNoPageProblems();
        }
        finally
        {
            // The other tests log clients in.
            await fixture.Admin.SetModeAsync("normal");
        }
    }
}
