using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Backup;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Backup;

/// <summary>
/// One server of a backup relationship test: a silo process on its own SQLite data folder with its own cluster id,
/// the licenses it was given, and fixed ports so that it comes back on the same addresses after a restart.
/// </summary>
internal sealed class BackupServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly SiloProcessOptions _options;

    private BackupServer(TempDirectory dir, SiloProcessOptions options, SiloProcess silo)
    {
        _dir = dir;
        _options = options;
        Silo = silo;
    }

    public SiloProcess Silo { get; private set; }

    public string ClusterId => _options.Arguments[1];

    /// <summary>
    /// Starts a server named <paramref name="clusterId"/> that trusts <paramref name="vendor"/> and holds <paramref name="licenses"/>:
    /// on SQLite, or a one-silo grid on <paramref name="postgres"/> (a fresh database there).
    /// </summary>
    public static async Task<BackupServer> StartAsync(string clusterId, VendorKeyPair vendor, TimeSpan syncPeriod, IEnumerable<LicenseDocument> licenses, CancellationToken ct, PostgresServer? postgres = null)
    {
        var connection = postgres is null ? null : await postgres.CreateDatabaseAsync($"olic_{Guid.NewGuid():N}"[..20], ct);
        var dir = new TempDirectory("olic-backup-" + clusterId, keepOnRequest: true);
        var folder = Path.Combine(dir.Path, "silo");
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "vendor.pub.pem"), vendor.ExportPublicKeyPem(), ct);
        var options = new SiloProcessOptions
        {
            DataFolder = folder,
            HttpPort = FreePort.Next(),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Arguments = ["--cluster-id", clusterId],
            Environment = new Dictionary<string, string>
            {
                ["OLIC_Backup__SyncPeriod"] = syncPeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["OLIC_Backup__LinkTimeout"] = "00:00:02",
            },
            WriteProcessLog = true,
            PostgresConnectionString = connection,
        };
        SiloProcess silo;
        try
        {
            silo = await SiloProcess.StartAsync(options, ct);
        }
        catch
        {
            dir.Dispose();
            throw;
        }

        var server = new BackupServer(dir, options, silo);
        try
        {
            foreach (var license in licenses)
            {
                using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", Json(LicenseIssuer.Issue(license, vendor))), ct);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An enterprise (or other) license of product <paramref name="product"/> with the features given.</summary>
    public static LicenseDocument License(string id, string product, LicenseEdition edition, params string[] features)
        => new(id, product, edition, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [.. features.Select(f => new LicenseFeature(f, 5))], LicenseBinding.None);

    /// <summary>SIGKILL, as a crash.</summary>
    public Task KillAsync(CancellationToken ct) => Silo.KillAsync(ct);

    /// <summary>Starts the server again on the same data folder and ports.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await Silo.DisposeAsync();
        Silo = await SiloProcess.StartAsync(_options, ct);
    }

    /// <summary>An admin call; answers the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> AdminAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var response = await Silo.Http.SendAsync(Silo.Admin(method, path, json is null ? null : Json(json)), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>POST /api/v1/admin/backup on this server (the primary) with <paramref name="backup"/> as the partner, one license mapped.</summary>
    public Task<(HttpStatusCode Status, string Body)> CreateRelationshipAsync(BackupServer backup, string adminToken, string primaryLicense, string backupLicense, CancellationToken ct)
        => AdminAsync(
            HttpMethod.Post,
            "/api/v1/admin/backup",
            $$"""{"backup": "{{backup.Silo.BaseUrl}}", "adminToken": "{{adminToken}}", "mapping": [{"primaryLicense": "{{primaryLicense}}", "backupLicense": "{{backupLicense}}"}]}""",
            ct);

    /// <summary>GET /api/v1/admin/backup, or null on 404 not_in_relationship.</summary>
    public async Task<BackupView?> ViewAsync(CancellationToken ct)
    {
        var (status, body) = await AdminAsync(HttpMethod.Get, "/api/v1/admin/backup", null, ct);
        if (status == HttpStatusCode.NotFound)
        {
            Assert.Equal(ErrorCodes.NotInRelationship, Code(body));
            return null;
        }

        Assert.True(status == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<BackupView>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200, ct);
        }

        return await condition();
    }

    /// <summary>The seats in use of each feature of a license.</summary>
    public async Task<Dictionary<string, int>> UsedAsync(string licenseId, CancellationToken ct)
    {
        var (status, body) = await AdminAsync(HttpMethod.Get, $"/api/v1/admin/licenses/{licenseId}", null, ct);
        Assert.True(status == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<OrleansLicense.Contracts.Admin.LicenseView>(body, JsonSerializerOptions.Web)!.Features.ToDictionary(f => f.Name, f => f.Used);
    }

    /// <summary>The client timeout the server has.</summary>
    public async Task<int> ClientTimeoutAsync(CancellationToken ct)
    {
        var (_, body) = await AdminAsync(HttpMethod.Get, "/api/v1/admin/settings", null, ct);
        return JsonDocument.Parse(body).RootElement.GetProperty("clientTimeoutSeconds").GetInt32();
    }

    /// <summary>Sets the client timeout.</summary>
    public async Task SetClientTimeoutAsync(int seconds, CancellationToken ct)
    {
        var (status, body) = await AdminAsync(HttpMethod.Put, "/api/v1/admin/settings", $$$"""{"clientTimeoutSeconds": {{{seconds}}}, "maintenance": false, "borrowRules": {}}""", ct);
        Assert.True(status == HttpStatusCode.OK, body);
    }

    /// <summary>The stable code of a problem body.</summary>
    public static string? Code(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _dir.Dispose();
    }
}
