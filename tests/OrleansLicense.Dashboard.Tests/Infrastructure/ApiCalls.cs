using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Dashboard.Tests.Infrastructure;

/// <summary>The HTTP calls tests make beside the browser, as a client program or the CLI would.</summary>
public static class ApiCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Imports a license file through the admin API; returns its view.</summary>
    public static async Task<LicenseView> ImportOkAsync(this HttpClient admin, string licenseFile)
    {
        using var response = await admin.PostAsync("/api/v1/admin/licenses", new StringContent(licenseFile, Encoding.UTF8, "application/json"), Ct);
        await AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LicenseView, Ct))!;
    }

    /// <summary>Logs a client in (POST /api/v1/sessions).</summary>
    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string product, string user, params (string Name, int Count)[] features)
        => client.PostAsJsonAsync(
            "/api/v1/sessions",
            new LoginRequest(product, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], new ClientInfo(user, "ws-17", "cad.exe", "fp-1")),
            ContractsJsonContext.Default.LoginRequest,
            Ct);

    /// <summary>Logs a client in and asserts 201; returns the session.</summary>
    public static async Task<LoginResponse> LoginOkAsync(this HttpClient client, string product, string user, params (string Name, int Count)[] features)
    {
        using var response = await client.LoginAsync(product, user, features);
        await AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LoginResponse, Ct))!;
    }

    public static async Task<List<SessionView>> ListSessionsAsync(this HttpClient admin)
        => (await admin.GetFromJsonAsync("/api/v1/admin/sessions", ContractsJsonContext.Default.ListSessionView, Ct))!;

    public static async Task<SettingsView> GetSettingsAsync(this HttpClient admin)
        => (await admin.GetFromJsonAsync("/api/v1/admin/settings", ContractsJsonContext.Default.SettingsView, Ct))!;

    public static async Task SetModeAsync(this HttpClient admin, string mode)
    {
        using var response = await admin.PutAsJsonAsync("/api/v1/admin/maintenance", new MaintenanceRequest(mode), ContractsJsonContext.Default.MaintenanceRequest, Ct);
        await AssertStatusAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem with this status and code.</summary>
    public static async Task<ApiProblem> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await AssertStatusAsync(response, status);
        var problem = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ApiProblem, Ct))!;
        Assert.Equal(code, problem.Code);
        return problem;
    }
}
