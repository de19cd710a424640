using Microsoft.Playwright;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests;

/// <summary>R-LIC-4 on the dashboard: licenses with their seats, import, deactivate.</summary>
public sealed class LicensePageTests(DashboardFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_license_imported_through_the_API_appears_with_its_features()
    {
        var product = Names.Product();
        var license = await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(product, ("draw", 5), ("plot", 2)));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);

        await browser.NavigateAsync("Licenses");

        var card = browser.Page.Locator($"[data-license-id='{license.Id}']");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = product })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("standard");
        await Expect(card).ToContainTextAsync("Borrowable");
        await Expect(card.Locator("[data-feature='draw'] [role=meter]")).ToHaveAttributeAsync("data-free", "5");
        await Expect(card.Locator("[data-feature='plot'] [role=meter]")).ToHaveAttributeAsync("aria-valuemax", "2");
        browser.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_license_file_chosen_on_the_page_is_imported()
    {
        var product = Names.Product();
        var file = Path.Combine(fixture.Folder.Path, $"{product}.lic");
        await File.WriteAllTextAsync(file, fixture.Vendor.Issue(product, ("draw", 3)), Ct);
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Licenses");

        await browser.Page.Locator("#license-file").SetInputFilesAsync(file);

        await Expect(browser.Page.GetByText($"({product}).", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = product })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_file_that_is_not_a_signed_license_shows_the_servers_refusal()
    {
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Licenses");

        await browser.Page.Locator("#license-file").SetInputFilesAsync(new FilePayload
        {
            Name = "forged.lic",
            MimeType = "application/json",
            Buffer = """{"license":{"id":"OL-FORGED"},"signature":"AAAA"}"""u8.ToArray(),
        });

        var alert = browser.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "forged.lic" });
        await Expect(alert).ToContainTextAsync("was not imported");
    }

    [Fact]
    public async Task Deactivating_asks_for_confirmation()
    {
        var license = await fixture.Admin.ImportOkAsync(fixture.Vendor.Issue(Names.Product(), ("draw", 1)));
        await using var browser = await DashboardBrowser.OpenAsync(fixture);
        await browser.SignInAsync(fixture.Token);
        await browser.NavigateAsync("Licenses");
        var card = browser.Page.Locator($"[data-license-id='{license.Id}']");

        await card.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(browser.Dialog).ToContainTextAsync(license.Id);
        await browser.Dialog.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();

        await Expect(card).ToContainTextAsync("deactivated");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Deactivate" })).ToHaveCountAsync(0);
        using var response = await fixture.Admin.GetAsync($"/api/v1/admin/licenses/{license.Id}", Ct);
        Assert.Contains("\"status\":\"deactivated\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
