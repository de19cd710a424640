using System.Net;
using System.Text;
using OrleansLicense.Dashboard.Tests.Infrastructure;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;
using static Microsoft.Playwright.Assertions;

namespace OrleansLicense.Dashboard.Tests.Triad;

/// <summary>
/// Issue #17 (R-BAK-6) on the console, in Chromium: two servers (two silo processes, each on its own SQLite store and
/// cluster id) in a backup relationship; the primary's Redundancy page shows both servers with roles and status, the
/// state, the last sync and the mapping, syncs now, and dissolves the relationship on both.
/// </summary>
public sealed class BackupPanelTests(DashboardFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_redundancy_page_shows_the_backup_relationship_syncs_now_and_dissolves()
    {
        using var work = new TempDirectory("olic-console-backup");
        await using var primary = await StartAsync(work, "grid-p", "P1");
        await using var backup = await StartAsync(work, "grid-b", "B1");
        var create = $$"""{"backup": "{{backup.BaseUrl}}", "adminToken": "{{backup.AdminToken}}", "mapping": [{"primaryLicense": "P1", "backupLicense": "B1"}]}""";
        using (var created = await primary.Http.SendAsync(primary.Admin(HttpMethod.Post, "/api/v1/admin/backup", new StringContent(create, Encoding.UTF8, "application/json")), Ct))
        {
            await ApiCalls.AssertStatusAsync(created, HttpStatusCode.Created);
        }

        await using var browser = await DashboardBrowser.OpenAsync(fixture, primary.BaseUrl);
        await browser.SignInAsync(primary.AdminToken);
        await browser.NavigateAsync("Redundancy");

        var summary = browser.Page.GetByTestId("backup-summary");
        await Expect(summary).ToContainTextAsync("this server is the primary");
        await Expect(summary).ToContainTextAsync("connected");
        var partner = browser.Page.GetByTestId("backup-backup");
        await Expect(partner).ToContainTextAsync("grid-b");
        await Expect(partner).ToContainTextAsync("up");
        await Expect(partner).ToContainTextAsync(backup.BaseUrl.TrimEnd('/'));
        await Expect(browser.Page.GetByTestId("backup-primary")).ToContainTextAsync("grid-p (this server)");
        await Expect(browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Table, new() { Name = "Mapped licenses" })).ToContainTextAsync("B1");

        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Expect(browser.Page.GetByText("Synced settings version")).ToBeVisibleAsync();

        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Dissolve" }).ClickAsync();
        await browser.Dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Dissolve" }).ClickAsync();
        await Expect(browser.Page.GetByTestId("backup-none")).ToContainTextAsync("no backup relationship");
        using (var gone = await backup.Http.SendAsync(backup.Admin(HttpMethod.Get, "/api/v1/admin/backup"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        browser.AssertNoPageProblems();
    }

    private async Task<SiloProcess> StartAsync(TempDirectory work, string clusterId, string licenseId)
    {
        var data = work.File(clusterId);
        fixture.Vendor.TrustIn(data);
        var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = data, WorkingDirectory = work.Path, Arguments = ["--cluster-id", clusterId] }, Ct);
        var license = LicenseIssuer.Issue(
            new LicenseDocument(licenseId, "cad", LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [new LicenseFeature("draw", 5)], LicenseBinding.None),
            fixture.Vendor.Key);
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(license, Encoding.UTF8, "application/json")), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return silo;
    }
}
