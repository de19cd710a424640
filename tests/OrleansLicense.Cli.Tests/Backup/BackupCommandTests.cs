using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;

namespace OrleansLicense.Cli.Tests.Backup;

/// <summary>
/// <c>olic backup …</c> and <c>olic license export-list</c> (R-BAK-1, R-BAK-3, R-BAK-6): what the CLI sends, writes and
/// shows, against the admin API over a real socket.
/// </summary>
public sealed class BackupCommandTests : IDisposable
{
    private const string ViewJson = """
        {"relationshipId":"bk-1","role":"primary","state":"connected","lastSync":"2026-12-05T07:00:00+00:00","lastError":null,"settingsVersion":4,
         "self":{"name":"grid-p","role":"primary","addresses":["http://10.0.0.1:8273"],"clusterId":"grid-p","status":"up"},
         "partner":{"name":"grid-b","role":"backup","addresses":["http://10.0.0.2:8273"],"clusterId":"grid-b","status":"up"},
         "mapping":[{"primaryLicense":"P1","backupLicense":"B1","product":"cad"}]}
        """;

    private const string ListJson = """{"backupLicenseList":{"format":"olic-backup-license-list/1"},"keyId":"k","signature":"s"}""";

    private readonly TempFolder output = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => output.Dispose();

    [Fact]
    public async Task Export_list_writes_the_signed_list_as_the_server_sent_it()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/backup/license-list", new CannedResponse(200, "application/json", ListJson));
        var path = output.Combine("backup.list");

        var result = await Olic.RunAgainstAsync(api, "license", "export-list", "--out", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ListJson, File.ReadAllText(path));
        Assert.Contains("olic backup create --backup-list", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_offline_sends_the_list_and_mapping_and_writes_the_bkdat()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var list = output.Combine("backup.list");
        File.WriteAllText(list, ListJson);
        api.RespondOnce("POST", "/api/v1/admin/backup/offline", new CannedResponse(201, "application/json", """{"backupRelationship":{},"keyId":"k","signature":"s"}"""));
        var bkdat = output.Combine("rel.bkdat");

        var result = await Olic.RunAgainstAsync(api, "backup", "create", "--backup-list", list, "--map", "P1=B1", "--map", "P2=B2", "--out", bkdat);

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonDocument.Parse(api.SingleRequest.Body).RootElement;
        Assert.Equal("olic-backup-license-list/1", body.GetProperty("backupList").GetProperty("backupLicenseList").GetProperty("format").GetString());
        Assert.Equal(["P1=B1", "P2=B2"], body.GetProperty("mapping").EnumerateArray().Select(m => $"{m.GetProperty("primaryLicense").GetString()}={m.GetProperty("backupLicense").GetString()}"));
        Assert.Contains("backupRelationship", File.ReadAllText(bkdat), StringComparison.Ordinal);
        Assert.Contains("olic backup import", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_online_sends_the_backup_address_token_and_mapping_and_shows_the_relationship()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("POST", "/api/v1/admin/backup", new CannedResponse(201, "application/json", ViewJson));

        var result = await Olic.RunAgainstAsync(api, "backup", "create", "--backup", "https://10.0.0.2:8276", "--backup-token", "tok", "--map", "P1=B1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonDocument.Parse(api.SingleRequest.Body).RootElement;
        Assert.Equal("https://10.0.0.2:8276", body.GetProperty("backup").GetString());
        Assert.Equal("tok", body.GetProperty("adminToken").GetString());
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("backup", StringComparison.Ordinal) && l.Contains("grid-b", StringComparison.Ordinal) && l.Contains("http://10.0.0.2:8273", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cad", StringComparison.Ordinal) && l.Contains("P1", StringComparison.Ordinal) && l.Contains("B1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("P1")]
    [InlineData("=B1")]
    public async Task A_map_without_both_licenses_is_a_usage_error(string map)
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);

        var result = await Olic.RunAgainstAsync(api, "backup", "create", "--backup", "https://b:8276", "--backup-token", "t", "--map", map);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--map", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_refusal_is_reported_with_its_code()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.FailOnce("POST", "/api/v1/admin/backup", 409, "already_in_relationship", "This server is already in the backup relationship 'bk-1'.");

        var result = await Olic.RunAgainstAsync(api, "backup", "create", "--backup", "https://b:8276", "--backup-token", "t", "--map", "P1=B1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already_in_relationship", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_sync_and_dissolve_call_their_routes()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/backup", new CannedResponse(200, "application/json", ViewJson));
        api.RespondOnce("POST", "/api/v1/admin/backup/sync", new CannedResponse(200, "application/json", ViewJson));
        api.RespondOnce("DELETE", "/api/v1/admin/backup", new CannedResponse(200, "application/json", """{"relationshipId":"bk-1","state":"dissolving"}"""));

        var show = await Olic.RunAgainstAsync(api, "backup", "show");
        var sync = await Olic.RunAgainstAsync(api, "backup", "sync");
        var dissolve = await Olic.RunAgainstAsync(api, "backup", "dissolve");

        Assert.True(show.ExitCode == 0 && sync.ExitCode == 0 && dissolve.ExitCode == 0, show + sync.ToString() + dissolve);
        Assert.Contains("State:        connected", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("settings version 4", sync.Stdout, StringComparison.Ordinal);
        Assert.Contains("dissolving", dissolve.Stdout, StringComparison.Ordinal);
        Assert.Equal(["GET", "POST", "DELETE"], api.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Settings_export_writes_the_file_and_import_sends_it_unchanged()
    {
        const string settings = """{"backupSettings":{"version":3},"keyId":"k","signature":"s"}""";
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/backup/settings", new CannedResponse(200, "application/json", settings));
        api.RespondOnce("POST", "/api/v1/admin/backup/settings", new CannedResponse(200, "application/json", ViewJson.Replace("\"role\":\"primary\",\"state\"", "\"role\":\"backup\",\"state\"", StringComparison.Ordinal)));
        var path = output.Combine("settings.json");

        var export = await Olic.RunAgainstAsync(api, "backup", "settings", "export", "--out", path);
        var import = await Olic.RunAgainstAsync(api, "backup", "settings", "import", path);

        Assert.True(export.ExitCode == 0 && import.ExitCode == 0, export + import.ToString());
        Assert.Equal(settings, File.ReadAllText(path));
        Assert.Equal(settings, api.Requests[1].Body);
        Assert.Contains("overwritten by the next sync", import.Stdout, StringComparison.Ordinal);
    }
}
