using System.Net;
using System.Net.Http.Headers;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-SEC-1: the admin API needs the bearer token of the data folder.</summary>
public sealed class AdminAuthenticationTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/v1/admin/licenses")]
    [InlineData("GET", "/api/v1/admin/status")]
    [InlineData("GET", "/api/v1/admin/sessions")]
    [InlineData("PUT", "/api/v1/admin/maintenance")]
    [InlineData("POST", "/api/v1/admin/licenses")]
    public async Task An_admin_call_without_a_token_is_401_unauthorized(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            // Even a malformed body is refused for the missing token first, not for the body.
            request.Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("Bearer", "wrong-token")]
    [InlineData("Basic", "YWRtaW46YWRtaW4=")]
    [InlineData("Bearer", "")]
    public async Task An_admin_call_with_a_wrong_token_is_401_unauthorized(string scheme, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}".Trim());

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task The_token_of_the_data_folder_opens_the_admin_api()
    {
        var token = (await File.ReadAllTextAsync(silo.Folder.File("admin.token"), Ct)).Trim();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Gateway_calls_need_no_credentials()
    {
        using var response = await silo.Client.GetAsync("/api/v1/cluster/gateways", Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }
}
