using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>The HTTP calls tests make, as a client or the CLI would make them.</summary>
public static class ApiCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string product, params (string Name, int Count)[] features)
        => client.LoginFromAsync(remoteAddress: null, product, features);

    /// <summary>Logs in as a client at <paramref name="remoteAddress"/> (null: this machine).</summary>
    public static Task<HttpResponseMessage> LoginFromAsync(this HttpClient client, string? remoteAddress, string product, params (string Name, int Count)[] features)
        => client.SendLoginAsync(new LoginRequest(product, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], Ann), remoteAddress);

    /// <summary>
    /// Logs in one seat of "draw" with a request id (the session id is made from it), as <paramref name="who"/>
    /// (default ann@ws-17) at <paramref name="remoteAddress"/> (null: this machine).
    /// </summary>
    public static Task<HttpResponseMessage> LoginWithRequestIdAsync(this HttpClient client, string product, string requestId, ClientInfo? who = null, string? remoteAddress = null)
        => client.SendLoginAsync(new LoginRequest(product, [new FeatureRequest("draw", 1)], who ?? Ann, RequestId: requestId), remoteAddress);

    /// <summary>Logs in and asserts 201; returns the session.</summary>
    public static async Task<LoginResponse> LoginOkAsync(this HttpClient client, string product, params (string Name, int Count)[] features)
    {
        using var response = await client.LoginAsync(product, features);
        await AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    private static readonly ClientInfo Ann = new("ann", "ws-17", "cad.exe", "fp-1");

    private static Task<HttpResponseMessage> SendLoginAsync(this HttpClient client, LoginRequest login, string? remoteAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(login) };
        if (remoteAddress is not null)
        {
            request.Headers.Add(TestRemoteAddress.Header, remoteAddress);
        }

        return client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> HeartbeatAsync(this HttpClient client, string sessionId)
        => client.PostAsync($"/api/v1/sessions/{sessionId}/heartbeat", content: null, Ct);

    public static Task<HttpResponseMessage> LogoutAsync(this HttpClient client, string sessionId)
        => client.DeleteAsync($"/api/v1/sessions/{sessionId}", Ct);

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient admin, string licenseFile)
        => admin.PostAsync("/api/v1/admin/licenses", new StringContent(licenseFile, System.Text.Encoding.UTF8, "application/json"), Ct);

    /// <summary>Imports and asserts 201; returns the license view.</summary>
    public static async Task<LicenseView> ImportOkAsync(this HttpClient admin, string licenseFile)
    {
        using var response = await admin.ImportAsync(licenseFile);
        await AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LicenseView>(Ct))!;
    }

    public static async Task<LicenseView> GetLicenseAsync(this HttpClient admin, string id)
    {
        using var response = await admin.GetAsync($"/api/v1/admin/licenses/{Uri.EscapeDataString(id)}", Ct);
        await AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<LicenseView>(Ct))!;
    }

    /// <summary>Seats of <paramref name="feature"/> in use now.</summary>
    public static async Task<int> UsedAsync(this HttpClient admin, string licenseId, string feature)
        => (await admin.GetLicenseAsync(licenseId)).Features.Single(f => f.Name == feature).Used;

    public static async Task<SettingsView> GetSettingsAsync(this HttpClient admin)
        => (await admin.GetFromJsonAsync<SettingsView>("/api/v1/admin/settings", Ct))!;

    public static Task<HttpResponseMessage> PutSettingsAsync(this HttpClient admin, SettingsView settings)
        => admin.PutAsJsonAsync("/api/v1/admin/settings", settings, Ct);

    public static Task<HttpResponseMessage> SetModeAsync(this HttpClient admin, string mode)
        => admin.PutAsJsonAsync("/api/v1/admin/maintenance", new MaintenanceRequest(mode), Ct);

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem with this status and code; returns it.</summary>
    public static async Task<ApiProblem> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await AssertStatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ApiProblem>(Ct))!;
        Assert.Equal(code, problem.Code);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }

    /// <summary>
    /// #14 item 2's throttle: the 10 wrong credentials one address may send in a minute are each refused with
    /// <paramref name="refused"/> and <paramref name="refusedCode"/>; the next is 429 too_many_requests with
    /// Retry-After seconds within the minute, which are returned.
    /// </summary>
    public static async Task<TimeSpan> GuessUntilThrottledAsync(Func<string, Task<HttpResponseMessage>> callWith, HttpStatusCode refused, string refusedCode)
    {
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await callWith($"guess-{i}");
            await AssertProblemAsync(wrong, refused, refusedCode);
        }

        using var throttled = await callWith("guess-next");
        await AssertProblemAsync(throttled, HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);
        var retryAfter = throttled.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After seconds");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        return retryAfter;
    }
}
