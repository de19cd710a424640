using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>
/// The README, done for real: the built silo as a process, the built olic as processes, a client
/// over HTTP. Then a crash (SIGKILL) and a restart on the same data folder. R-CL-4: the silo runs on its
/// embedded default (one silo, SQLite in the data folder) with no other server.
/// </summary>
public sealed class ReadmeWalkTests() : ProcessWalk("olic-walk")
{
    private const string LicenseId = "OL-DEMO-0001";
    private const string Product = "acme-cad";

    [Fact]
    public async Task The_readme_walk_works_with_the_built_silo_and_cli()
    {
        var silo = await StartSiloAsync();
        Assert.Equal(silo.BaseUrl, (await File.ReadAllTextAsync(Path.Combine(Data, "endpoint"), Ct)).Trim());
        Assert.Contains("/dashboard", silo.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Data, "admin.token"), silo.Output, StringComparison.Ordinal);

        await IssueAndImportAsync();
        var session = await LoginAsync(silo);
        Assert.Equal(1, await UsedAsync());

        var shown = await Olic.RunOkAsync(Work.Path, "license", "show", LicenseId);
        Assert.Contains("draw", shown.Output, StringComparison.Ordinal);
        var sessions = await Olic.RunOkAsync(Work.Path, "session", "list");
        Assert.Contains(session.SessionId, sessions.Output, StringComparison.Ordinal);

        await Olic.RunOkAsync(Work.Path, "session", "remove", session.SessionId);

        Assert.Equal(0, await UsedAsync());
        using var heartbeat = await Http.PostAsync($"{silo.BaseUrl}/api/v1/sessions/{session.SessionId}/heartbeat", null, Ct);
        await ApiCalls.AssertProblemAsync(heartbeat, HttpStatusCode.Gone, ErrorCodes.SessionExpired);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Data, "logs"), "*.log"));
    }

    [Fact]
    public async Task After_a_crash_the_license_settings_mode_and_live_session_are_all_still_there()
    {
        var first = await StartSiloAsync();
        await IssueAndImportAsync();
        var session = await LoginAsync(first);
        await Olic.RunOkAsync(Work.Path, "settings", "set", "--client-timeout", "300");
        await Olic.RunOkAsync(Work.Path, "mode", "maintenance");
        var token = await File.ReadAllTextAsync(Path.Combine(Data, "admin.token"), Ct);
        var serverId = await File.ReadAllTextAsync(Path.Combine(Data, "server.id"), Ct);

        await first.KillAsync(Ct);
        var second = await StartSiloAsync();

        Assert.Equal(second.BaseUrl, (await File.ReadAllTextAsync(Path.Combine(Data, "endpoint"), Ct)).Trim());
        Assert.Equal(token, await File.ReadAllTextAsync(Path.Combine(Data, "admin.token"), Ct));
        Assert.Equal(serverId, await File.ReadAllTextAsync(Path.Combine(Data, "server.id"), Ct));

        using var admin = new HttpRequestMessage(HttpMethod.Get, $"{second.BaseUrl}/api/v1/admin/settings");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        using var settingsResponse = await Http.SendAsync(admin, Ct);
        var settings = (await settingsResponse.Content.ReadFromJsonAsync<SettingsView>(Ct))!;
        Assert.Equal(300, settings.ClientTimeoutSeconds);
        Assert.True(settings.Maintenance);

        var status = await Olic.RunOkAsync(Work.Path, "status", "--json");
        Assert.Equal("maintenance", JsonDocument.Parse(status.Output).RootElement.GetProperty("mode").GetString());
        Assert.Equal(1, await UsedAsync());

        using var heartbeat = await Http.PostAsync($"{second.BaseUrl}/api/v1/sessions/{session.SessionId}/heartbeat", null, Ct);
        await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
        Assert.Equal(1, await UsedAsync());

        using var refused = await Http.PostAsJsonAsync($"{second.BaseUrl}/api/v1/sessions", LoginRequest(), Ct);
        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, ErrorCodes.Maintenance);

        await Olic.RunOkAsync(Work.Path, "mode", "normal");
        using var accepted = await Http.PostAsJsonAsync($"{second.BaseUrl}/api/v1/sessions", LoginRequest(), Ct);
        await ApiCalls.AssertStatusAsync(accepted, HttpStatusCode.Created);
        Assert.Equal(2, await UsedAsync());
    }

    [Fact]
    public async Task A_bad_option_stops_the_process_with_a_clear_message()
    {
        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--port", "0"] });

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("Silo:HttpPort", silo.Output, StringComparison.Ordinal);
    }


    /// <summary>olic vendor keygen, olic keys add (trust the public key), olic vendor issue, olic license import.</summary>
    private async Task IssueAndImportAsync()
    {
        await Olic.RunOkAsync(Work.Path, "vendor", "keygen", "--out", "vendor");
        await Olic.RunOkAsync(Work.Path, "keys", "add", "vendor/vendor.pub.pem");
        await Olic.RunOkAsync(Work.Path, "vendor", "issue", "--key", "vendor/vendor.key.pem", "--product", Product, "--feature", "draw=5", "--id", LicenseId, "--out", "acme-cad.lic");
        var import = await Olic.RunOkAsync(Work.Path, "license", "import", "acme-cad.lic");
        Assert.Contains(LicenseId, import.Output, StringComparison.Ordinal);
    }

    /// <summary>What the README shows with curl: POST /api/v1/sessions.</summary>
    private async Task<LoginResponse> LoginAsync(SiloProcess silo)
    {
        using var response = await Http.PostAsJsonAsync($"{silo.BaseUrl}/api/v1/sessions", LoginRequest(), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    private async Task<int> UsedAsync()
    {
        var shown = await Olic.RunOkAsync(Work.Path, "license", "show", LicenseId, "--json");
        var view = JsonSerializer.Deserialize<LicenseView>(shown.Output, JsonSerializerOptions.Web)!;
        return view.Features.Single(f => f.Name == "draw").Used;
    }

    private static LoginRequest LoginRequest()
        => new(Product, [new FeatureRequest("draw", 1)], new ClientInfo("ann", "ws-17", "cad.exe", null));
}
