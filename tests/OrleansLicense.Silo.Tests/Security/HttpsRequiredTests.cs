using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Security;

/// <summary>Issue #15 item 3: admin calls from another computer over plain HTTP are refused with 403 https_required.</summary>
public sealed class HttpsRequiredTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/admin/status")]
    [InlineData("/api/v1/admin/licenses")]
    [InlineData("/dashboard/orleans/")]
    public async Task An_admin_call_from_another_computer_over_http_is_403_https_required(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());

        using var response = await silo.Admin.SendAsync(request, Ct);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.HttpsRequired);
        Assert.Contains("HTTPS", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_call_from_another_computer_is_refused_for_the_channel_not_asked_for_the_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add(TestRemoteAddress.Header, "10.1.2.3");

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.HttpsRequired);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task An_admin_call_from_this_computer_over_http_is_served(string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add(TestRemoteAddress.Header, address);

        using var response = await silo.Admin.SendAsync(request, Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_call_from_another_computer_over_https_is_served()
    {
        var token = (await File.ReadAllTextAsync(silo.Folder.File("admin.token"), Ct)).Trim();
        using var https = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        https.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());

        using var response = await https.SendAsync(request, Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Gateway_calls_from_another_computer_over_http_are_served()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cluster/gateways");
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }
}

/// <summary>Issue #15 item 3: the administrator may open plain-HTTP administration explicitly.</summary>
public sealed class AdminOverHttpAllowedTests(AdminOverHttpAllowedTests.Fixture silo) : IClassFixture<AdminOverHttpAllowedTests.Fixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Network_AllowAdminOverHttp_an_admin_call_from_another_computer_is_served()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());

        using var response = await silo.Admin.SendAsync(request, Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
    }

    /// <summary>A silo with the setting on.</summary>
    public sealed class Fixture : SiloFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Network:AllowAdminOverHttp"] = "true",
        };
    }
}
