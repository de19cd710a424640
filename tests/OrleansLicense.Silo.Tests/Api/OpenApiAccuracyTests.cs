using System.Net;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Borrows;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// #14 item 10: the OpenAPI document says what the server accepts: members the server does without are not
/// required (client, process, fingerprint, the settings' fields), a count sent as the string "1" is refused as the
/// document's integer type says, and the signed files are objects, not strings.
/// </summary>
public sealed class OpenApiAccuracyTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("LoginRequest", "product,features")]
    [InlineData("ClientInfo", "")]
    [InlineData("SettingsView", "clientTimeoutSeconds")]
    [InlineData("CheckOutRequest", "features")]
    [InlineData("FeatureRequest", "name,count")]
    [InlineData("UsageUploadRequest", "product,record")]
    [InlineData("BorrowRequest", "product")]
    public async Task Only_what_the_server_needs_is_required(string schema, string required)
    {
        var listed = (await SchemasAsync()).GetProperty(schema).TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];

        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task A_login_without_client_process_or_fingerprint_is_accepted_as_the_document_says()
    {
        var product = BorrowApi.NewProduct();
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 5)]));

        using var bare = await PostAsync($$"""{"product":"{{product}}","features":[{"name":"draw","count":1}]}""");
        using var partial = await PostAsync($$$"""{"product":"{{{product}}}","features":[{"name":"draw","count":1}],"client":{"user":"ann"}}""");

        await ApiCalls.AssertStatusAsync(bare, HttpStatusCode.Created);
        await ApiCalls.AssertStatusAsync(partial, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Settings_with_only_the_client_timeout_are_accepted_as_the_document_says()
    {
        using var response = await silo.Admin.PutAsync("/api/v1/admin/settings", new StringContent("""{"clientTimeoutSeconds":300}""", Encoding.UTF8, "application/json"), Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(300, (await silo.Admin.GetSettingsAsync()).ClientTimeoutSeconds);
    }

    [Theory]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":"1"}]}""", "$.features[0].count")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1}],"queueSeconds":"5"}""", "$.queueSeconds")]
    public async Task A_number_sent_as_a_string_is_400_as_the_integer_type_says(string body, string field)
    {
        using var response = await PostAsync(body);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
        var count = (await SchemasAsync()).GetProperty("FeatureRequest").GetProperty("properties").GetProperty("count");
        Assert.Equal("integer", count.GetProperty("type").GetString());
        Assert.False(count.TryGetProperty("pattern", out _));
    }

    [Theory]
    [InlineData("/api/v1/admin/licenses", "post", "license")]
    [InlineData("/api/v1/admin/borrows/offline", "post", "borrowRequest")]
    [InlineData("/api/v1/admin/borrows/offline/return", "post", "borrowReturn")]
    public async Task Signed_files_are_documented_as_objects(string path, string method, string payload)
    {
        using var document = await DocumentAsync();
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("object", schema.GetProperty("properties").GetProperty(payload).GetProperty("type").GetString());
        Assert.Equal([payload, "keyId", "signature"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_offline_borrow_answer_is_documented_as_an_object()
    {
        using var document = await DocumentAsync();
        var schema = document.RootElement.GetProperty("paths").GetProperty("/api/v1/admin/borrows/offline").GetProperty("post")
            .GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema");

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.True(schema.GetProperty("properties").TryGetProperty("borrow", out _));
    }

    private Task<HttpResponseMessage> PostAsync(string body)
        => silo.Client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    private async Task<JsonDocument> DocumentAsync()
    {
        using var response = await silo.Client.GetAsync("/openapi/v1.json", Ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<JsonElement> SchemasAsync()
    {
        using var document = await DocumentAsync();
        return document.RootElement.GetProperty("components").GetProperty("schemas").Clone();
    }
}
