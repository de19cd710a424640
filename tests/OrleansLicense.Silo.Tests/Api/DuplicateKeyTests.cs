using System.Net;
using System.Text;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Borrows;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #14 item 5: a key given twice in any request body is refused with 400 bad_request (the last one used to win:
/// "product":"nope","product":"acme-cad" got 201), at any depth, in objects and in dictionaries, and in the signed
/// files the admin API takes as raw text.
/// </summary>
public sealed class DuplicateKeyTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task A_login_naming_the_product_twice_is_400_and_takes_no_seat()
    {
        var product = BorrowApi.NewProduct();
        var license = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, Now, [("draw", 5)]));

        using var response = await PostAsync(silo.Client, "/api/v1/sessions", $$"""{"product":"nope","product":"{{product}}","features":[{"name":"draw","count":1}]}""");

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("product", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await silo.Admin.UsedAsync(license.Id, "draw"));
    }

    [Theory]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1,"count":2}]}""")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1}],"client":{"user":"a","user":"b"}}""")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1}],"features":[{"name":"draw","count":1}]}""")]
    public async Task A_nested_duplicate_in_a_login_is_400(string body)
    {
        using var response = await PostAsync(silo.Client, "/api/v1/sessions", body);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_product_named_twice_in_the_borrow_rules_dictionary_is_400()
    {
        using var response = await silo.Admin.PutAsync(
            "/api/v1/admin/settings",
            new StringContent("""{"clientTimeoutSeconds":120,"maintenance":false,"borrowRules":{"cad":{"maxHours":1},"cad":{"maxHours":9}}}""", Encoding.UTF8, "application/json"),
            Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.DoesNotContain("cad", (await silo.Admin.GetSettingsAsync()).BorrowRules.Keys);
    }

    [Fact]
    public async Task A_maintenance_switch_with_the_mode_twice_is_400()
    {
        using var response = await silo.Admin.PutAsync(
            "/api/v1/admin/maintenance",
            new StringContent("""{"mode":"normal","mode":"maintenance"}""", Encoding.UTF8, "application/json"),
            Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.False((await silo.Admin.GetSettingsAsync()).Maintenance);
    }

    [Fact]
    public async Task A_license_file_with_a_key_twice_is_400_not_a_signature_failure()
    {
        var file = silo.Vendor.Issue(BorrowApi.NewProduct(), Now, [("draw", 5)]);
        var doubled = "{\"keyId\":\"other\"," + file.TrimStart()[1..];

        using var response = await silo.Admin.ImportAsync(doubled);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("keyId", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/admin/borrows/offline")]
    [InlineData("/api/v1/admin/borrows/offline/return")]
    public async Task An_offline_file_with_a_key_twice_is_400(string path)
    {
        using var response = await PostAsync(silo.Admin, path, """{"content":{},"content":{},"signature":"AAAA"}""");

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body)
        => client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
}
