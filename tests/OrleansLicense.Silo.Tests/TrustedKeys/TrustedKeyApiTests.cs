using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.TrustedKeys;

/// <summary>
/// Issue #14 item 13: vendor keys stored once in the grid (admin API, <c>olic keys add</c>), and an untrusted key's
/// refusal that names the silo and the folder it looked in.
/// </summary>
public sealed class TrustedKeyApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_license_of_an_untrusted_vendor_is_refused_naming_the_silo_the_folder_and_olic_keys_add()
    {
        var stranger = new TestVendor();

        using var response = await silo.Admin.ImportAsync(stranger.Issue("acme-cad", silo.Clock.GetUtcNow(), [("draw", 5)]));

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseSignatureInvalid);
        Assert.Contains($"'{stranger.Key.KeyId}', which is not trusted", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Checked on silo ", problem.Detail, StringComparison.Ordinal);
        Assert.Contains($"'{Path.Combine(silo.Folder.Path, "keys")}'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("olic keys add FILE", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_added_through_the_admin_api_verifies_licenses_and_can_be_removed()
    {
        var vendor = new TestVendor();
        var pem = vendor.Key.ExportPublicKeyPem();

        using (var added = await silo.Admin.PostAsJsonAsync("/api/v1/admin/keys", new AddTrustedKeyRequest(pem), Ct))
        {
            await ApiCalls.AssertStatusAsync(added, HttpStatusCode.Created);
            var view = (await added.Content.ReadFromJsonAsync<TrustedKeyView>(Ct))!;
            Assert.Equal((vendor.Key.KeyId, "grid"), (view.KeyId, view.Source));
        }

        // Adding it again changes nothing.
        using (var again = await silo.Admin.PostAsJsonAsync("/api/v1/admin/keys", new AddTrustedKeyRequest(pem), Ct))
        {
            await ApiCalls.AssertStatusAsync(again, HttpStatusCode.Created);
        }

        var listed = (await silo.Admin.GetFromJsonAsync<List<TrustedKeyView>>("/api/v1/admin/keys", Ct))!;
        Assert.Single(listed, k => k.KeyId == vendor.Key.KeyId && k.Source == "grid");
        Assert.Contains(listed, k => k.KeyId == silo.Vendor.Key.KeyId && k.Source == "folder");

        var license = await silo.Admin.ImportOkAsync(vendor.Issue("acme-cad", silo.Clock.GetUtcNow(), [("draw", 5)]));
        Assert.Equal("active", license.Status);

        using (var removed = await silo.Admin.DeleteAsync($"/api/v1/admin/keys/{vendor.Key.KeyId}", Ct))
        {
            await ApiCalls.AssertStatusAsync(removed, HttpStatusCode.NoContent);
        }

        using (var gone = await silo.Admin.DeleteAsync($"/api/v1/admin/keys/{vendor.Key.KeyId}", Ct))
        {
            await ApiCalls.AssertProblemAsync(gone, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        using var refused = await silo.Admin.ImportAsync(vendor.Issue("acme-cad", silo.Clock.GetUtcNow(), [("draw", 5)]));
        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseSignatureInvalid);
    }

    [Fact]
    public async Task Something_that_is_not_a_public_key_is_a_bad_request()
    {
        using var response = await silo.Admin.PostAsJsonAsync("/api/v1/admin/keys", new AddTrustedKeyRequest("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----"), Ct);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.StartsWith("pem:", problem.Detail, StringComparison.Ordinal);
    }
}
