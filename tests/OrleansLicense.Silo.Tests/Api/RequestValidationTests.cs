using System.Net;
using System.Text;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>Requests are checked before any grain sees them; every refusal is problem details naming the field.</summary>
public sealed class RequestValidationTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private const int OneMiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"features":[{"name":"draw","count":1}]}""", "product")]
    [InlineData("""{"product":"  ","features":[{"name":"draw","count":1}]}""", "product")]
    [InlineData("""{"product":"p"}""", "features")]
    [InlineData("""{"product":"p","features":[]}""", "features")]
    [InlineData("""{"product":"p","features":[null]}""", "features[0]")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":0}]}""", "features[0].count")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":10001}]}""", "features[0].count")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":-3}]}""", "features[0].count")]
    [InlineData("""{"product":"p","features":[{"name":"","count":1}]}""", "features[0].name")]
    [InlineData("""{"product":"p","features":[{"count":1}]}""", "features[0].name")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1},{"name":"draw","count":2}]}""", "features[1].name")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":"one"}]}""", "$.features[0].count")]
    [InlineData("""{"product":5,"features":[{"name":"draw","count":1}]}""", "$.product")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1}],"queueSeconds":21}""", "queueSeconds")]
    [InlineData("""{"product":"p","features":[{"name":"draw","count":1}],"queueSeconds":-1}""", "queueSeconds")]
    public async Task A_bad_login_is_400_bad_request_naming_the_field(string body, string field)
    {
        using var response = await PostAsync("/api/v1/sessions", body);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Malformed_json_is_400_bad_request(string body)
    {
        using var response = await PostAsync("/api/v1/sessions", body);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task Malformed_json_to_the_admin_api_is_400_bad_request()
    {
        using var response = await silo.Admin.PutAsync("/api/v1/admin/settings", new StringContent("{\"clientTimeoutSeconds\":", Encoding.UTF8, "application/json"), Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_bad_check_out_is_400_bad_request_naming_the_field()
    {
        using var response = await PostAsync("/api/v1/sessions/0123456789abcdef0123456789abcdef/features", """{"features":[{"name":"draw","count":0}]}""");

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("features[0].count", problem.Detail, StringComparison.Ordinal);
    }

    // A login and a check-out carry the same kind of request id; both refuse a bad one by name.
    [Theory]
    [InlineData("/api/v1/sessions", """ "product":"cad", """, """ "" """)]
    [InlineData("/api/v1/sessions", """ "product":"cad", """, """ "has space" """)]
    [InlineData("/api/v1/sessions", """ "product":"cad", """, """ "0123456789012345678901234567890123456789012345678901234567890123456789" """)]
    [InlineData("/api/v1/sessions/0123456789abcdef0123456789abcdef/features", "", """ "" """)]
    [InlineData("/api/v1/sessions/0123456789abcdef0123456789abcdef/features", "", """ "has space" """)]
    [InlineData("/api/v1/sessions/0123456789abcdef0123456789abcdef/features", "", """ "0123456789012345678901234567890123456789012345678901234567890123456789" """)]
    public async Task A_login_or_check_out_with_a_bad_request_id_is_400_naming_it(string path, string product, string requestId)
    {
        using var response = await PostAsync(path, $$"""{{{product.Trim()}}"features":[{"name":"draw","count":1}],"requestId":{{requestId.Trim()}}}""");

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("requestId", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_413_payload_too_large()
    {
        using var response = await PostAsync("/api/v1/sessions", Padded(OneMiB + 1));

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task A_body_over_one_MiB_without_a_length_is_413_payload_too_large()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(OneMiB + 1))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task A_body_of_exactly_one_MiB_is_read()
    {
        using var response = await PostAsync("/api/v1/sessions", Padded(OneMiB));

        // Read and judged on its content (no such product), not refused for its size.
        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await silo.Client.GetAsync("/api/v1/nothing-here", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var response = await silo.Client.GetAsync("/api/v1/sessions", Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, ErrorCodes.MethodNotAllowed);
    }

    [Fact]
    public async Task Healthz_is_200_while_serving()
    {
        using var response = await silo.Client.GetAsync("/healthz", Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_dashboard_placeholder_is_served()
    {
        using var response = await silo.Client.GetAsync("/dashboard", Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body)
        => silo.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    /// <summary>A valid login for an unknown product, padded with JSON whitespace to exactly <paramref name="bytes"/> bytes.</summary>
    private static string Padded(int bytes)
    {
        const string login = """{"product":"no-such-product","features":[{"name":"draw","count":1}]}""";
        return login + new string(' ', bytes - login.Length);
    }
}
