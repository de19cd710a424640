using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Errors;

/// <summary>
/// #14 item 6: every error follows API.md's table, problem details with a stable code: 405 method_not_allowed and
/// 415 unsupported_media_type (both used to say bad_request), malformed JSON on license import 400 bad_request (was
/// 422 license_signature_invalid).
/// </summary>
public sealed class ErrorCodeTableTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("PUT", "/healthz")]
    [InlineData("GET", "/api/v1/sessions")]
    [InlineData("PATCH", "/api/v1/admin/settings")]
    public async Task A_method_the_path_does_not_take_is_405_method_not_allowed(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await silo.Admin.SendAsync(request, Ct);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, ErrorCodes.MethodNotAllowed);
        Assert.Contains(method, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/sessions", "text/plain")]
    [InlineData("/api/v1/borrows", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_415_unsupported_media_type(string path, string mediaType)
    {
        using var response = await silo.Client.PostAsync(path, new StringContent("product=cad", Encoding.UTF8, mediaType), Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"license\":")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    public async Task Malformed_json_on_license_import_is_400_bad_request(string body)
    {
        using var response = await silo.Admin.ImportAsync(body);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/admin/borrows/offline")]
    [InlineData("/api/v1/admin/borrows/offline/return")]
    public async Task Malformed_json_as_an_offline_file_is_400_bad_request(string path)
    {
        using var response = await silo.Admin.PostAsync(path, new StringContent("{\"content\":", Encoding.UTF8, "application/json"), Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task The_api_document_lists_every_code_of_the_table()
    {
        var table = typeof(ErrorCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

        using var response = await silo.Client.GetAsync("/openapi/v1.json", Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var code = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem")
            .GetProperty("properties").GetProperty("code");
        var listed = code.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();

        Assert.Equal(table.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Contains(ErrorCodes.MethodNotAllowed, listed);
        Assert.Contains(ErrorCodes.UriTooLong, listed);
        Assert.Contains(ErrorCodes.UnsupportedMediaType, listed);
    }
}

/// <summary>
/// #14 item 6: what Kestrel refuses before the application runs is problem details too: a <c>%00</c> in the path
/// (was an empty 400) and a 10 KB path (was an empty 414).
/// </summary>
public sealed class ServerRejectionTests(KestrelSiloFixture silo) : IClassFixture<KestrelSiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_nul_in_the_path_is_a_400_bad_request_problem()
    {
        var (status, headers, body) = await SendRawAsync("POST /api/v1/sessions/a%00b/heartbeat HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

        AssertProblem(status, headers, body, 400, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_10_KB_path_is_a_414_uri_too_long_problem()
    {
        var (status, headers, body) = await SendRawAsync($"GET /api/v1/{new string('a', 10 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n");

        AssertProblem(status, headers, body, 414, ErrorCodes.UriTooLong);
    }

    [Fact]
    public async Task A_good_request_on_the_same_listener_is_answered_as_usual()
    {
        var (status, headers, body) = await SendRawAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Contains("application/json", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\"", body, StringComparison.Ordinal);
    }

    private static void AssertProblem(int status, string headers, string body, int expectedStatus, string code)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    // A raw socket: HttpClient would not send these requests as they are.
    private async Task<(int Status, string Headers, string Body)> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, silo.HttpPort, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no HTTP answer: '{text}'");
        var headers = text[..split];
        return (int.Parse(headers.AsSpan(9, 3), provider: null), headers, text[(split + 4)..]);
    }
}
