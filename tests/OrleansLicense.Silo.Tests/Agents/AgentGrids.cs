using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Agents;

/// <summary>Two (or more) silo processes, each its own single-silo grid on SQLite in its own data folder, and the calls the agent tests make.</summary>
public abstract class AgentGrids : IAsyncLifetime
{
    protected const string Product = "acme-cad";
    private readonly TempDirectory _work = new("olic-agent");
    private readonly TestVendor _vendor = new();
    private readonly List<SiloProcess> _silos = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TempDirectory Work => _work;

    protected TestVendor Vendor => _vendor;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _http.Dispose();
        _work.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes; answers whether it held.</summary>
    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var until = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(250, Ct);
        }
    }

    protected async Task<SiloProcess> StartAsync(string data, int port, IReadOnlyDictionary<string, string> environment)
    {
        var silo = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = data, WorkingDirectory = Work.Path, HttpPort = port, Environment = environment }, Ct);
        _silos.Add(silo);
        return silo;
    }

    protected string Issue(string id, string product, bool agentable, params (string Name, int Seats)[] features)
        => LicenseIssuer.Issue(
            new LicenseDocument(id, product, LicenseEdition.Standard, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None with { Agentable = agentable },
                [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
            _vendor.Key);

    protected async Task ImportAsync(SiloProcess silo, string license)
    {
        using var response = await _http.SendAsync(Absolute(silo, silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(license, Encoding.UTF8, "application/json"))), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    protected async Task<string> CreateCredentialAsync(SiloProcess silo, string agentId)
    {
        using var response = await _http.SendAsync(Absolute(silo, silo.Admin(HttpMethod.Post, "/api/v1/admin/agents/credentials", JsonContent.Create(new { agentId }))), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var credential = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("credential").GetString()!;
        Assert.StartsWith(agentId + ".", credential, StringComparison.Ordinal);
        return credential;
    }

    protected async Task<RestAnswer> RestAsync(SiloProcess silo, string call, string body, string? pwd = null, string product = Product)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(new Uri($"{silo.BaseUrl}/rest/{pwd ?? silo.AdminToken}/product/{product}/{call}"), content, Ct);
        var answer = (await response.Content.ReadFromJsonAsync<RestAnswer>(JsonSerializerOptions.Web, Ct))!;
        Assert.Equal(answer.Code == 0, response.StatusCode == HttpStatusCode.OK);
        return answer;
    }

    protected async Task<HttpStatusCode> LinkSetAsync(SiloProcess upstream, string? credential, int seats)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{upstream.BaseUrl}/api/v1/agent-link/set"))
        {
            Content = JsonContent.Create(new { licenseId = "OL-AGENT-1", feature = "draw", product = Product, mode = "increase", seats }),
        };
        if (credential is not null)
        {
            request.Headers.Authorization = new("Bearer", credential);
        }

        using var response = await _http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    protected async Task<(HttpStatusCode Status, string? SessionId)> LoginAsync(SiloProcess silo, string feature, int count)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri($"{silo.BaseUrl}/api/v1/sessions"),
            new { product = Product, features = new[] { new { name = feature, count } }, client = new { user = "ann", host = "ws-1" } },
            Ct);
        var sessionId = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("sessionId").GetString() : null;
        return (response.StatusCode, sessionId);
    }

    protected async Task LogoutAsync(SiloProcess silo, string sessionId)
    {
        using var response = await _http.DeleteAsync(new Uri($"{silo.BaseUrl}/api/v1/sessions/{sessionId}"), Ct);
        Assert.True(response.IsSuccessStatusCode);
    }

    protected Task<HttpResponseMessage> HeartbeatAsync(SiloProcess silo, string sessionId)
        => _http.PostAsync(new Uri($"{silo.BaseUrl}/api/v1/sessions/{sessionId}/heartbeat"), null, Ct);

    protected static HttpRequestMessage Absolute(SiloProcess silo, HttpRequestMessage request)
    {
        request.RequestUri = new Uri(new Uri(silo.BaseUrl), request.RequestUri!);
        return request;
    }

    protected async Task<(HttpStatusCode Status, string? Code)> LoginProblemAsync(SiloProcess silo, string feature, int count)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri($"{silo.BaseUrl}/api/v1/sessions"),
            new { product = Product, features = new[] { new { name = feature, count } }, client = new { user = "ann", host = "ws-1" } },
            Ct);
        var code = response.IsSuccessStatusCode ? null : (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
        return (response.StatusCode, code);
    }

    protected sealed record RestAnswer(int Code, string ErrMsg, List<RestAgent>? Agents);

    protected sealed record RestAgent(string LicenseId, string Feature, string Mode, int Seats, int InUse, string State);
}
