using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>Issue #15 item 4 (R-SEC-1): the console's Access page adds and removes rules and named admins, with the lock-out guard.</summary>
public sealed class AccessPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Rules_and_named_admins_are_managed_on_the_access_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Access");
        var page = browser.Page;
        try
        {
            await page.GetByLabel("Effect").SelectOptionAsync("deny");
            await page.GetByLabel("Where").FillAsync("10.0.0.0/8");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            var row = page.Locator("tr[data-rule]").Filter(new() { HasText = "10.0.0.0/8" });
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync("deny");

            // The lock-out guard: the console's own token, from this computer.
            await page.GetByLabel("Who").FillAsync("token");
            await page.GetByLabel("Where").FillAsync("this-computer");
            await page.GetByLabel("Position").FillAsync("1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
            await Expect(page.Locator(".access-add [role=alert]")).ToContainTextAsync("lock you out");
            Assert.DoesNotContain((await ListAsync(ct)).Rules, r => r.Where == "this-computer");

            await page.GetByLabel("Name").FillAsync("zoe");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add admin" }).ClickAsync();
            await Expect(page.Locator(".token code")).ToBeVisibleAsync();
            await Expect(page.Locator(".admins")).ToContainTextAsync("zoe");

            var id = (await ListAsync(ct)).Rules.Single(r => r.Where == "10.0.0.0/8").Id;
            await page.GetByRole(AriaRole.Button, new() { Name = $"Remove rule {id}" }).ClickAsync();
            await Expect(row).ToHaveCountAsync(0);
            browser.AssertNoPageProblems();
        }
        finally
        {
            foreach (var rule in (await ListAsync(ct)).Rules)
            {
                using var _ = await fixture.Admin.DeleteAsync($"/api/v1/admin/access/rules/{rule.Id}?force=true", ct);
            }

            using var admin = await fixture.Admin.DeleteAsync("/api/v1/admin/access/admins/zoe", ct);
        }
    }

    private async Task<AccessListView> ListAsync(CancellationToken ct)
        => (await fixture.Admin.GetFromJsonAsync<AccessListView>("/api/v1/admin/access", ct))!;
}
