using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Cluster.Tests.Support;

namespace OrleansLicense.Cluster.Tests.Backup;

/// <summary>
/// Issue #17: two independent grids (one silo process each, each on its own store, SQLite or PostgreSQL, and cluster id) in a backup
/// relationship, and a third that tries to join one of them (R-BAK-1..6, R-REL-1, R-SEC-2).
/// </summary>
public sealed class BackupRelationshipTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan ShortSync = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Online_relationship_syncs_settings_hints_logins_keeps_usage_apart_refuses_intruders_and_dissolves_with_the_partner_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var vendor = VendorKeyPair.Generate();
        await using var primary = await BackupServer.StartAsync("grid-p", vendor, ShortSync,
            [BackupServer.License("P1", "cad", LicenseEdition.Enterprise, "draw", "render"), BackupServer.License("P2", "cam", LicenseEdition.Standard, "mill")], ct);
        await using var backup = await BackupServer.StartAsync("grid-b", vendor, ShortSync,
            [BackupServer.License("B1", "cad", LicenseEdition.Enterprise, "draw", "render", "plot"), BackupServer.License("B2", "cam", LicenseEdition.Standard, "mill"),
             BackupServer.License("B3", "cad", LicenseEdition.Enterprise, "draw")], ct);
        await using var third = await BackupServer.StartAsync("grid-c", vendor, ShortSync, [BackupServer.License("C1", "cad", LicenseEdition.Enterprise, "draw", "render")], ct);
        try
        {
            // R-BAK-1: the mapping is checked, and the errors name the license.
            await ExpectCreateRefusedAsync(primary, backup, backup.Silo.AdminToken, "P1", "B9", ErrorCodes.BackupMappingInvalid, "B9", ct);
            await ExpectCreateRefusedAsync(primary, backup, backup.Silo.AdminToken, "P1", "B2", ErrorCodes.BackupMappingInvalid, "product", ct);
            await ExpectCreateRefusedAsync(primary, backup, backup.Silo.AdminToken, "P1", "B3", ErrorCodes.BackupMappingInvalid, "render", ct);

            // R-REL-1: at least one enterprise license, and admin rights on both servers.
            await ExpectCreateRefusedAsync(primary, backup, backup.Silo.AdminToken, "P2", "B2", ErrorCodes.EnterpriseRequired, "enterprise", ct);
            await ExpectCreateRefusedAsync(primary, backup, "not-the-backups-token", "P1", "B1", ErrorCodes.PartnerRefused, "refused", ct);
            Assert.Null(await backup.ViewAsync(ct));

            // R-BAK-1: created online.
            var (status, body) = await primary.CreateRelationshipAsync(backup, backup.Silo.AdminToken, "P1", "B1", ct);
            Assert.True(status == HttpStatusCode.Created, body);
            var primaryView = (await primary.ViewAsync(ct))!;
            var backupView = (await backup.ViewAsync(ct))!;
            Assert.Equal("primary", primaryView.Role);
            Assert.Equal("backup", backupView.Role);
            Assert.Equal(primaryView.RelationshipId, backupView.RelationshipId);
            Assert.Equal("grid-b", primaryView.Partner.ClusterId);
            Assert.Equal("grid-p", backupView.Partner.ClusterId);
            Assert.Equal([("P1", "B1", "cad")], backupView.Mapping.Select(m => (m.PrimaryLicense, m.BackupLicense, m.Product)));

            // Both admin action lines name the admin (issue #15 item 4): the primary's caller, and the token the primary used on the backup.
            Assert.True(await BackupServer.EventuallyAsync(
                () => Task.FromResult(primary.Silo.Output.Contains($"Admin admin token created the backup relationship {primaryView.RelationshipId}: this server is the primary", StringComparison.Ordinal)
                    && backup.Silo.Output.Contains($"Admin admin token created the backup relationship {primaryView.RelationshipId}: this server is the backup", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(5),
                ct));

            // R-BAK-2: a settings change on the primary appears on the backup within the sync period.
            await primary.SetClientTimeoutAsync(345, ct);
            Assert.True(await BackupServer.EventuallyAsync(async () => await backup.ClientTimeoutAsync(ct) == 345, ShortSync * 3, ct), "the backup did not receive the new client timeout");
            Assert.True(await BackupServer.EventuallyAsync(async () => (await primary.ViewAsync(ct))!.State == "connected", ShortSync * 3, ct));

            // R-BAK-2: the backup's own change of a synced setting is overwritten by "sync now" (R-BAK-6).
            await backup.SetClientTimeoutAsync(999, ct);
            var (syncStatus, syncBody) = await primary.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/sync", null, ct);
            Assert.True(syncStatus == HttpStatusCode.OK, syncBody);
            Assert.Null(JsonDocument.Parse(syncBody).RootElement.GetProperty("lastError").GetString());
            Assert.Equal(345, await backup.ClientTimeoutAsync(ct));

            // R-BAK-4: a login on the primary's mapped license answers where the partner is and which license stands in.
            var login = await LoginAsync(primary, null, ct);
            Assert.Equal("P1", login.LicenseId);
            Assert.NotNull(login.Backup);
            Assert.Equal("B1", login.Backup.PartnerLicenseId);
            Assert.Equal("grid-b", login.Backup.PartnerClusterId);
            Assert.Equal("primary", login.Backup.Role);
            Assert.Contains(backup.Silo.BaseUrl.TrimEnd('/'), login.Backup.PartnerServers.Select(s => s.TrimEnd('/')));

            // R-BAK-4: a client failing over logs in on the backup's mapped license only; R-BAK-5: it counts there alone.
            var failedOver = await LoginAsync(backup, "B1", ct);
            Assert.Equal("B1", failedOver.LicenseId);
            Assert.Equal("P1", failedOver.Backup!.PartnerLicenseId);
            Assert.Equal(1, (await backup.UsedAsync("B1", ct))["draw"]);
            Assert.Equal(0, (await backup.UsedAsync("B3", ct))["draw"]);
            Assert.Equal(1, (await primary.UsedAsync("P1", ct))["draw"]);
            var (unknownStatus, unknownBody) = await LoginRawAsync(backup, "cad", "B7", ct);
            Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.NotFound), (unknownStatus, BackupServer.Code(unknownBody)));
            var (otherStatus, otherBody) = await LoginRawAsync(backup, "cad", "B2", ct);
            Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.BadRequest), (otherStatus, BackupServer.Code(otherBody)));

            // R-REL-1: a third grid cannot take either server into a second relationship.
            await ExpectCreateRefusedAsync(third, backup, backup.Silo.AdminToken, "C1", "B1", ErrorCodes.AlreadyInRelationship, "relationship", ct);
            await ExpectCreateRefusedAsync(primary, third, third.Silo.AdminToken, "P1", "C1", ErrorCodes.AlreadyInRelationship, "relationship", ct);
            Assert.Null(await third.ViewAsync(ct));

            // R-SEC-2: partner calls without the relationship's credential, or with a forged one, are refused and logged.
            foreach (var bearer in new string?[] { null, "forged-credential" })
            {
                using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backup-link/dissolve") { Content = BackupServer.Json($$"""{"relationshipId": "{{backupView.RelationshipId}}"}""") };
                if (bearer is not null)
                {
                    forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                using var refused = await backup.Silo.Http.SendAsync(forged, ct);
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Equal(ErrorCodes.Forbidden, BackupServer.Code(await refused.Content.ReadAsStringAsync(ct)));
            }

            Assert.NotNull(await backup.ViewAsync(ct));
            Assert.True(await BackupServer.EventuallyAsync(() => Task.FromResult(backup.Silo.Output.Contains("Refused a backup link call", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), ct));

            // R-BAK-6: dissolved with the partner down (SIGKILL): "dissolving" until the partner is back, then gone on both.
            await backup.KillAsync(ct);
            var (dissolveStatus, dissolveBody) = await primary.AdminAsync(HttpMethod.Delete, "/api/v1/admin/backup", null, ct);
            Assert.True(dissolveStatus == HttpStatusCode.OK, dissolveBody);
            Assert.Equal("dissolving", JsonDocument.Parse(dissolveBody).RootElement.GetProperty("state").GetString());
            Assert.Equal("dissolving", (await primary.ViewAsync(ct))!.State);
            Assert.Null((await LoginAsync(primary, null, ct)).Backup);

            await backup.RestartAsync(ct);
            Assert.True(await BackupServer.EventuallyAsync(async () => await backup.ViewAsync(ct) is null, ShortSync * 5, ct), "the backup did not learn of the dissolve");
            Assert.True(await BackupServer.EventuallyAsync(async () => await primary.ViewAsync(ct) is null, ShortSync * 5, ct), "the primary kept the dissolving relationship");
        }
        finally
        {
            output.WriteLine("primary: " + primary.Silo.LogPath);
            output.WriteLine("backup: " + backup.Silo.LogPath);
        }
    }

    [Fact]
    public async Task Offline_relationship_from_files_and_settings_carried_by_file_while_the_backup_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var vendor = VendorKeyPair.Generate();

        // A long sync period: what reaches the backup here is what the files carry.
        var longSync = TimeSpan.FromMinutes(10);
        await using var primary = await BackupServer.StartAsync("grid-p", vendor, longSync, [BackupServer.License("P1", "cad", LicenseEdition.Enterprise, "draw")], ct);
        // The backup is a grid on PostgreSQL here, the primary a lone silo on SQLite: each its own kind of deployment.
        await using var backup = await BackupServer.StartAsync("grid-b", vendor, longSync, [BackupServer.License("B1", "cad", LicenseEdition.Enterprise, "draw")], ct, postgres.Server);
        await using var other = await BackupServer.StartAsync("grid-c", vendor, longSync, [BackupServer.License("B1", "cad", LicenseEdition.Enterprise, "draw")], ct);

        // R-BAK-3: the backup's signed license list, the primary's .bkdat, imported on the backup.
        var (listStatus, list) = await backup.AdminAsync(HttpMethod.Get, "/api/v1/admin/backup/license-list", null, ct);
        Assert.True(listStatus == HttpStatusCode.OK, list);
        var tampered = list.Replace("\"draw\"", "\"drawx\"", StringComparison.Ordinal);
        var (tamperedStatus, tamperedBody) = await primary.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/offline", $$"""{"backupList": {{tampered}}, "mapping": [{"primaryLicense": "P1", "backupLicense": "B1"}]}""", ct);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupFileInvalid), (tamperedStatus, BackupServer.Code(tamperedBody)));

        var (createStatus, bkdat) = await primary.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/offline", $$"""{"backupList": {{list}}, "mapping": [{"primaryLicense": "P1", "backupLicense": "B1"}]}""", ct);
        Assert.True(createStatus == HttpStatusCode.Created, bkdat);
        Assert.Equal("primary", (await primary.ViewAsync(ct))!.Role);

        // The file names the backup's list: another server refuses it.
        var (otherStatus, otherBody) = await other.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/import", bkdat, ct);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupFileInvalid), (otherStatus, BackupServer.Code(otherBody)));

        var (importStatus, importBody) = await backup.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/import", bkdat, ct);
        Assert.True(importStatus == HttpStatusCode.Created, importBody);
        Assert.Equal("backup", (await backup.ViewAsync(ct))!.Role);
        Assert.Equal((await primary.ViewAsync(ct))!.RelationshipId, (await backup.ViewAsync(ct))!.RelationshipId);

        // R-REL-1 the other way: a grid in a backup relationship cannot become a triad.
        var (triadStatus, triadBody) = await backup.AdminAsync(HttpMethod.Post, "/api/v1/admin/triad", """{"name": "t", "primary": "a", "secondary": "b", "tertiary": "c"}""", ct);
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.AlreadyInRelationship), (triadStatus, BackupServer.Code(triadBody)));

        // R-BAK-2: with the backup stopped, the settings travel as signed files; an older file never replaces newer settings.
        await backup.KillAsync(ct);
        await primary.SetClientTimeoutAsync(400, ct);
        var (_, older) = await primary.AdminAsync(HttpMethod.Get, "/api/v1/admin/backup/settings", null, ct);
        await primary.SetClientTimeoutAsync(500, ct);
        var (exportStatus, newer) = await primary.AdminAsync(HttpMethod.Get, "/api/v1/admin/backup/settings", null, ct);
        Assert.True(exportStatus == HttpStatusCode.OK, newer);
        await backup.RestartAsync(ct);

        var (forgedStatus, forgedBody) = await backup.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/settings", newer.Replace("500", "501", StringComparison.Ordinal), ct);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupFileInvalid), (forgedStatus, BackupServer.Code(forgedBody)));
        var (applyStatus, applyBody) = await backup.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/settings", newer, ct);
        Assert.True(applyStatus == HttpStatusCode.OK, applyBody);
        Assert.Equal(500, await backup.ClientTimeoutAsync(ct));
        var (staleStatus, staleBody) = await backup.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/settings", older, ct);
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.SettingsStale), (staleStatus, BackupServer.Code(staleBody)));
        Assert.Equal(500, await backup.ClientTimeoutAsync(ct));

        // Sync now reaches the restarted backup over the link.
        await primary.SetClientTimeoutAsync(600, ct);
        var (syncStatus, syncBody) = await primary.AdminAsync(HttpMethod.Post, "/api/v1/admin/backup/sync", null, ct);
        Assert.True(syncStatus == HttpStatusCode.OK, syncBody);
        Assert.Equal(600, await backup.ClientTimeoutAsync(ct));

        // Dissolved with both up: gone on both at once.
        var (dissolveStatus, dissolveBody) = await backup.AdminAsync(HttpMethod.Delete, "/api/v1/admin/backup", null, ct);
        Assert.True(dissolveStatus == HttpStatusCode.OK, dissolveBody);
        Assert.Equal("dissolved", JsonDocument.Parse(dissolveBody).RootElement.GetProperty("state").GetString());
        Assert.Null(await backup.ViewAsync(ct));
        Assert.Null(await primary.ViewAsync(ct));
    }

    private static async Task ExpectCreateRefusedAsync(BackupServer primary, BackupServer backup, string token, string primaryLicense, string backupLicense, string code, string named, CancellationToken ct)
    {
        var (status, body) = await primary.CreateRelationshipAsync(backup, token, primaryLicense, backupLicense, ct);
        Assert.True(BackupServer.Code(body) == code, $"{(int)status}: {body}");
        Assert.Contains(named, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<LoginResponse> LoginAsync(BackupServer server, string? licenseId, CancellationToken ct)
    {
        var (status, body) = await LoginRawAsync(server, "cad", licenseId, ct);
        Assert.True(status == HttpStatusCode.Created, body);
        return JsonSerializer.Deserialize<LoginResponse>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<(HttpStatusCode Status, string Body)> LoginRawAsync(BackupServer server, string product, string? licenseId, CancellationToken ct)
    {
        var request = new LoginRequest(product, [new FeatureRequest("draw", 1)], new ClientInfo("ann", "ws-1", "cad.exe", null), LicenseId: licenseId);
        using var response = await server.Silo.Http.PostAsJsonAsync("/api/v1/sessions", request, JsonSerializerOptions.Web, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
