using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Dashboard;

/// <summary>
/// Issue #12 item 4: the Orleans Dashboard at /dashboard/orleans, behind the admin credentials: the Bearer token, or
/// the cookie a signed-in console gets, which opens nothing else.
/// </summary>
public sealed class OrleansDashboardTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private const string CookieName = "olic_orleans_dashboard";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/dashboard/orleans/")]
    [InlineData("/dashboard/orleans/index.min.js")]
    [InlineData("/dashboard/orleans/DashboardCounters")]
    [InlineData("/dashboard/orleans/ClusterStats")]
    [InlineData("/dashboard/orleans/Trace")]
    public async Task Without_the_admin_token_the_dashboard_is_401(string path)
    {
        using var response = await silo.Client.GetAsync(path, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task With_a_wrong_token_the_dashboard_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/orleans/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task With_the_admin_token_the_page_and_its_json_answer()
    {
        using var page = await silo.Admin.GetAsync("/dashboard/orleans/", Ct);
        await ApiCalls.AssertStatusAsync(page, HttpStatusCode.OK);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        using var counters = await silo.Admin.GetAsync("/dashboard/orleans/DashboardCounters", Ct);
        await ApiCalls.AssertStatusAsync(counters, HttpStatusCode.OK);
        var text = await counters.Content.ReadAsStringAsync(Ct);
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.TryGetProperty("totalActiveHostCount", out _), text);
    }

    [Fact]
    public async Task A_signed_in_console_gets_a_cookie_that_opens_the_dashboard_and_nothing_else()
    {
        using var anonymous = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var session = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/dashboard/session");
        session.Headers.Authorization = silo.Admin.DefaultRequestHeaders.Authorization;
        using var issued = await anonymous.SendAsync(session, Ct);
        await ApiCalls.AssertStatusAsync(issued, HttpStatusCode.NoContent);

        var setCookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard/orleans", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(attributes, a => a.StartsWith("expires=", StringComparison.OrdinalIgnoreCase));
        var cookie = attributes[0];
        Assert.DoesNotContain(silo.Admin.DefaultRequestHeaders.Authorization!.Parameter!, cookie, StringComparison.Ordinal);

        using var page = await SendWithCookieAsync(anonymous, "/dashboard/orleans/", cookie);
        await ApiCalls.AssertStatusAsync(page, HttpStatusCode.OK);
        using var counters = await SendWithCookieAsync(anonymous, "/dashboard/orleans/DashboardCounters", cookie);
        await ApiCalls.AssertStatusAsync(counters, HttpStatusCode.OK);

        // The admin API takes the Bearer header only: a cookie there would let another site's page act for the admin.
        using var admin = await SendWithCookieAsync(anonymous, "/api/v1/admin/status", cookie);
        await ApiCalls.AssertProblemAsync(admin, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Theory]
    [InlineData("4102444800.0000")]
    [InlineData("1.deadbeef")]
    [InlineData("garbage")]
    public async Task A_forged_cookie_opens_nothing(string value)
    {
        using var anonymous = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        using var page = await SendWithCookieAsync(anonymous, "/dashboard/orleans/", $"{CookieName}={value}");

        await ApiCalls.AssertProblemAsync(page, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_removes_the_cookie()
    {
        using var anonymous = silo.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        using var removed = await anonymous.DeleteAsync("/api/v1/admin/dashboard/session", Ct);

        await ApiCalls.AssertStatusAsync(removed, HttpStatusCode.NoContent);
        var setCookie = Assert.Single(removed.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(CookieName + "=;", setCookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_api_document_does_not_list_the_orleans_dashboard()
    {
        using var response = await silo.Client.GetAsync("/openapi/v1.json", Ct);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(document.RootElement.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/dashboard/orleans", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request, Ct);
    }
}
