using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>The admin API calls the harness needs: import the license, set the timeout, and check the seats afterwards.</summary>
internal sealed class AdminApi(HttpClient http, string token)
{
    public async Task<LicenseView> ImportLicenseAsync(string signedLicense, CancellationToken cancellationToken)
    {
        using var content = new StringContent(signedLicense, Encoding.UTF8, "application/json");
        return await SendAsync(HttpMethod.Post, "/api/v1/admin/licenses", content, ContractsJsonContext.Default.LicenseView, cancellationToken).ConfigureAwait(false);
    }

    public Task<LicenseView> GetLicenseAsync(string id, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, $"/api/v1/admin/licenses/{Uri.EscapeDataString(id)}", null, ContractsJsonContext.Default.LicenseView, cancellationToken);

    public Task<SettingsView> GetSettingsAsync(CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, "/api/v1/admin/settings", null, ContractsJsonContext.Default.SettingsView, cancellationToken);

    public async Task<SettingsView> PutSettingsAsync(SettingsView settings, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(settings, ContractsJsonContext.Default.SettingsView);
        return await SendAsync(HttpMethod.Put, "/api/v1/admin/settings", content, ContractsJsonContext.Default.SettingsView, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the client timeout to its minimum (60 s), so a seat whose session nobody can log out comes back within a bounded wait.</summary>
    public async Task UseShortestClientTimeoutAsync(CancellationToken cancellationToken)
    {
        var settings = await GetSettingsAsync(cancellationToken).ConfigureAwait(false);
        await PutSettingsAsync(settings with { ClientTimeoutSeconds = SessionTimeouts.MinSeconds }, cancellationToken).ConfigureAwait(false);
    }

    public Task<List<SessionView>> ListSessionsAsync(CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, "/api/v1/admin/sessions", null, ContractsJsonContext.Default.ListSessionView, cancellationToken);

    public Task<StatusView> StatusAsync(CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, "/api/v1/admin/status", null, ContractsJsonContext.Default.StatusView, cancellationToken);

    /// <summary>Any admin call with a JSON body (or none): its status and body, whatever they are.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendJsonAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {body}");
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{method} {path} answered an empty body.");
    }
}
