using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Usage;
using OrleansLicense.Silo.Tests.Infrastructure;
using static OrleansLicense.Silo.Tests.Borrows.BorrowApi;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>R-USE-1, R-USE-2: forced authentication over HTTP, the usage upload, and the signed, encrypted export.</summary>
public sealed class UsageApiTests(BorrowSiloFixture silo) : IClassFixture<BorrowSiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task A_client_is_refused_after_the_period_until_it_uploads_and_the_export_decrypts_for_the_vendor()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None with { UsageStatistics = true, ForcedAuthenticationHours = 12 }, ("draw", 5)));
        var first = await silo.Client.LoginOkAsync(product, ("draw", 1));
        using (await silo.Client.LogoutAsync(first.SessionId))
        {
        }

        silo.Clock.Advance(TimeSpan.FromHours(12));

        using (var refused = await silo.Client.LoginAsync(product, ("draw", 1)))
        {
            var problem = await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Forbidden, ErrorCodes.UsageUploadRequired);
            Assert.Contains(license.Id, problem.Detail, StringComparison.Ordinal);
        }

        var record = new UsageRecord(Now.AddHours(-12), Now, [new FeatureUsageRecord("draw", 1, 3600)]);
        using (var upload = await silo.Client.PostAsJsonAsync("/api/v1/usage", new UsageUploadRequest(product, new ClientInfo("ann", "ws-17", "cad.exe", "fp-1"), record), Ct))
        {
            await ApiCalls.AssertStatusAsync(upload, HttpStatusCode.OK);
            var answer = (await upload.Content.ReadFromJsonAsync<UsageUploadResponse>(Ct))!;
            Assert.Equal([license.Id], answer.Licenses);
            Assert.Equal(Now.AddHours(12), answer.NextUploadBefore);
        }

        await silo.Client.LoginOkAsync(product, ("draw", 1));
        var usage = await silo.Admin.GetFromJsonAsync<UsageView>($"/api/v1/admin/usage/{license.Id}", Ct);
        var client = Assert.Single(usage!.Clients);
        Assert.Equal(("fp-1", 1, Now.AddHours(12)), (client.ClientId, client.Uploads, client.UploadDue!.Value));

        using var export = await silo.Admin.GetAsync($"/api/v1/admin/usage/{license.Id}/export", Ct);
        await ApiCalls.AssertStatusAsync(export, HttpStatusCode.OK);
        var text = await export.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("fp-1", text, StringComparison.Ordinal);
        var opened = UsageExportFile.Read(text, silo.Vendor.Key, await silo.Client.ServerKeyAsync());
        Assert.Equal(license.Id, opened.Report.LicenseId);
        var reported = Assert.Single(opened.Report.Clients);
        Assert.Equal(("fp-1", 3600L), (reported.ClientId, Assert.Single(reported.Features).Seconds));

        var tampered = text.Replace(license.Id, license.Id + "X", StringComparison.Ordinal);
        var error = Assert.Throws<SignedFileException>(() => UsageExportFile.Read(tampered, silo.Vendor.Key, null));
        Assert.Equal(SignedFileErrorCodes.Invalid, error.Code);
    }

    [Fact]
    public async Task A_license_without_usage_statistics_has_no_export()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None, ("draw", 5)));

        using var export = await silo.Admin.GetAsync($"/api/v1/admin/usage/{license.Id}/export", Ct);
        using var upload = await silo.Client.PostAsJsonAsync("/api/v1/usage", new UsageUploadRequest(product, null, new UsageRecord(Now, Now, []), license.Id), Ct);
        using var unknown = await silo.Admin.GetAsync("/api/v1/admin/usage/nope/export", Ct);

        await ApiCalls.AssertProblemAsync(export, HttpStatusCode.UnprocessableEntity, ErrorCodes.NotEnabled);
        await ApiCalls.AssertProblemAsync(upload, HttpStatusCode.UnprocessableEntity, ErrorCodes.NotEnabled);
        await ApiCalls.AssertProblemAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }
}
