using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Http;

/// <summary>The admin API of API.md over HTTP, with every failure turned into a <see cref="CliException"/>.</summary>
internal sealed class AdminApiClient : IDisposable
{
    /// <summary>Long enough for a busy silo, short enough that a hung one does not hang scripts.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private const string AdminPath = "api/v1/admin/";
    private readonly HttpClient http;
    private readonly Uri baseUrl;

    /// <param name="connection">The server and token.</param>
    /// <param name="handler">A handler to use (tests); null creates and owns a <see cref="SocketsHttpHandler"/>.</param>
    public AdminApiClient(AdminConnection connection, HttpMessageHandler? handler)
    {
        baseUrl = connection.BaseUrl;
        http = handler is null
            ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = RequestTimeout;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
    }

    public Task<ApiResponse<StatusView>> GetStatusAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "status", null, ContractsJsonContext.Default.StatusView, ct);

    /// <summary>The status; with <paramref name="dead"/> it also lists the rows of dead silos.</summary>
    public Task<ApiResponse<StatusView>> GetStatusAsync(bool dead, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, dead ? "status?dead=true" : "status", null, ContractsJsonContext.Default.StatusView, ct);

    public Task<ApiResponse<SettingsView>> GetSettingsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "settings", null, ContractsJsonContext.Default.SettingsView, ct);

    public Task<ApiResponse<SettingsView>> PutSettingsAsync(SettingsView settings, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, "settings", JsonBody(settings, ContractsJsonContext.Default.SettingsView), ContractsJsonContext.Default.SettingsView, ct);

    /// <param name="mode"><c>maintenance</c> or <c>normal</c>.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<ApiResponse<SettingsView>> SetModeAsync(string mode, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, "maintenance", JsonBody(new MaintenanceRequest(mode), ContractsJsonContext.Default.MaintenanceRequest), ContractsJsonContext.Default.SettingsView, ct);

    /// <param name="licenseFileText">The signed license file, sent unchanged: any re-serialisation could break its signature.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<ApiResponse<LicenseView>> ImportLicenseAsync(string licenseFileText, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "licenses", new StringContent(licenseFileText, Encoding.UTF8, "application/json"), ContractsJsonContext.Default.LicenseView, ct);

    public Task<ApiResponse<List<LicenseView>>> ListLicensesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "licenses", null, ContractsJsonContext.Default.ListLicenseView, ct);

    public Task<ApiResponse<LicenseView>> GetLicenseAsync(string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "licenses/" + Uri.EscapeDataString(id), null, ContractsJsonContext.Default.LicenseView, ct);

    /// <returns>The raw body (normally empty: 204).</returns>
    public Task<string> DeactivateLicenseAsync(string id, CancellationToken ct) =>
        SendRawAsync(HttpMethod.Delete, "licenses/" + Uri.EscapeDataString(id), null, ct);

    public Task<ApiResponse<TrustedKeyView>> AddTrustedKeyAsync(string pem, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "keys", JsonBody(new AddTrustedKeyRequest(pem), ContractsJsonContext.Default.AddTrustedKeyRequest), ContractsJsonContext.Default.TrustedKeyView, ct);

    public Task<ApiResponse<List<TrustedKeyView>>> ListTrustedKeysAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "keys", null, ContractsJsonContext.Default.ListTrustedKeyView, ct);

    /// <returns>The raw body (normally empty: 204).</returns>
    public Task<string> RemoveTrustedKeyAsync(string keyId, CancellationToken ct) =>
        SendRawAsync(HttpMethod.Delete, "keys/" + Uri.EscapeDataString(keyId), null, ct);

    public Task<ApiResponse<List<SessionView>>> ListSessionsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "sessions", null, ContractsJsonContext.Default.ListSessionView, ct);

    /// <returns>The raw body (normally empty: 204).</returns>
    public Task<string> RemoveSessionAsync(string id, CancellationToken ct) =>
        SendRawAsync(HttpMethod.Delete, "sessions/" + Uri.EscapeDataString(id), null, ct);

    public void Dispose() => http.Dispose();

    /// <summary>A JSON request body of a typed value (commands of other concepts use it too).</summary>
    internal static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Any admin call with a typed answer (commands of other concepts use it too).</summary>
    internal async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken ct)
    {
        var raw = await SendRawAsync(method, path, content, ct).ConfigureAwait(false);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(raw, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new CliException(CliErrorCodes.BadResponse, $"{method} {Describe(path)} answered JSON that is not a {typeof(T).Name}: {ex.Message}", ExitCodes.Failure, ex);
        }

        return value is null
            ? throw new CliException(CliErrorCodes.BadResponse, $"{method} {Describe(path)} answered null.", ExitCodes.Failure)
            : new ApiResponse<T>(raw, value);
    }

    /// <summary>Any admin call; the raw body (signed files are passed as sent).</summary>
    internal async Task<string> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, AdminPath + path)) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ProblemReader.ToException(response.StatusCode, response.ReasonPhrase, body);
            }

            return body;
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(CliErrorCodes.Unreachable, $"cannot reach {baseUrl}: {ex.Message}", ExitCodes.Failure, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation the caller did not ask for.
            throw new CliException(CliErrorCodes.Timeout, $"{baseUrl} did not answer {method} {Describe(path)} within {RequestTimeout.TotalSeconds:0} s.", ExitCodes.Failure, ex);
        }
    }

    private string Describe(string path) => new Uri(baseUrl, AdminPath + path).AbsolutePath;
}
