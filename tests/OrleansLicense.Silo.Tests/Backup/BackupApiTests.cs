using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Backup;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Backup;

/// <summary>
/// Issue #17 on one in-process silo as the primary, with a backup that exists only as its signed license list
/// (R-BAK-1, R-BAK-3, R-REL-1) and a partner that calls the link with or without the credential (R-SEC-2).
/// </summary>
public sealed class BackupApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task R_SEC_2_link_calls_without_the_relationship_credential_are_forbidden()
    {
        foreach (var bearer in new string?[] { null, "guessed" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backup-link/dissolve") { Content = Json("""{"relationshipId": "bk-x"}""") };
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await silo.Client.SendAsync(request, Ct);
            await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }
    }

    [Fact]
    public async Task R_SEC_2_guessing_the_relationship_credential_is_throttled_like_the_admin_token()
    {
        // Over HTTPS, from TEST-NET addresses of their own: the class's silo is shared, and the throttle counts per address.
        const string guesser = "192.0.2.61";
        var retryAfter = await ApiCalls.GuessUntilThrottledAsync(guess => LinkFrom(guesser, guess), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Calls without any credential are not guesses, and another address is not affected.
        const string other = "192.0.2.62";
        for (var i = 0; i < 12; i++)
        {
            using var bare = await LinkFrom(other, bearer: null);
            await ApiCalls.AssertProblemAsync(bare, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        using (var fromOther = await LinkFrom(other, "guess"))
        {
            await ApiCalls.AssertProblemAsync(fromOther, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }

        silo.Clock.Advance(retryAfter);
        using var after = await LinkFrom(guesser, "guess-again");
        await ApiCalls.AssertProblemAsync(after, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task R_SEC_2_link_calls_from_another_computer_over_plain_http_need_https()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backup-link/settings") { Content = Json("{}") };
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await silo.Client.SendAsync(request, Ct);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.HttpsRequired);
    }

    [Fact]
    public async Task R_BAK_1_R_BAK_3_R_REL_1_the_mapping_is_checked_then_the_relationship_is_created_once_and_the_partner_dissolves_it_over_the_link()
    {
        var now = DateTimeOffset.UtcNow;
        await silo.Admin.ImportOkAsync(Issue("P1", "cad", LicenseEdition.Enterprise, "draw", "render"));
        await silo.Admin.ImportOkAsync(Issue("P2", "cam", LicenseEdition.Standard, "mill"));
        var backupKey = VendorKeyPair.Generate();
        var list = BackupList(backupKey, now,
            new BackupListedLicense("B1", "cad", "enterprise", "active", ["draw", "render", "plot"]),
            new BackupListedLicense("B2", "cam", "standard", "active", ["mill"]),
            new BackupListedLicense("B3", "cad", "enterprise", "active", ["draw"]),
            new BackupListedLicense("B4", "cad", "standard", "active", ["draw", "render"]));

        using (var none = await silo.Admin.GetAsync("/api/v1/admin/backup", Ct))
        {
            await ApiCalls.AssertProblemAsync(none, HttpStatusCode.NotFound, ErrorCodes.NotInRelationship);
        }

        // This server's own list is not a backup's.
        var own = await silo.Admin.GetStringAsync("/api/v1/admin/backup/license-list", Ct);
        Assert.Equal("default", BackupFiles.ReadLicenseList(own, null).ClusterId);
        await ExpectRefusedAsync(own, "P1", "B1", HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "own");

        await ExpectRefusedAsync(list, "P9", "B1", HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupMappingInvalid, "P9");
        await ExpectRefusedAsync(list, "P1", "B9", HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupMappingInvalid, "B9");
        await ExpectRefusedAsync(list, "P1", "B2", HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupMappingInvalid, "product");
        await ExpectRefusedAsync(list, "P1", "B3", HttpStatusCode.UnprocessableEntity, ErrorCodes.BackupMappingInvalid, "render");
        await ExpectRefusedAsync(list, "P2", "B2", HttpStatusCode.UnprocessableEntity, ErrorCodes.EnterpriseRequired, "enterprise");
        await ExpectRefusedAsync(list, "P1", "B4", HttpStatusCode.UnprocessableEntity, ErrorCodes.EnterpriseRequired, "enterprise");

        using var created = await Offline(list, "P1", "B1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bkdat = BackupFiles.ReadRelationship(await created.Content.ReadAsStringAsync(Ct));
        Assert.Equal([("P1", "B1", "cad")], bkdat.Mapping.Select(m => (m.PrimaryLicense, m.BackupLicense, m.Product)));
        Assert.Equal(list, bkdat.BackupList);
        Assert.Equal(43, bkdat.Credential.Length);

        // R-REL-1: one relationship per server.
        await ExpectRefusedAsync(list, "P1", "B1", HttpStatusCode.Conflict, ErrorCodes.AlreadyInRelationship, "relationship");

        // R-BAK-4: a login on the mapped license names the backup's license; one on another license names nothing.
        using (var login = await silo.Client.PostAsJsonAsync("/api/v1/sessions", new LoginRequest("cad", [new FeatureRequest("draw", 1)], null), Ct))
        {
            var answer = (await login.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
            // The create updated this silo's copy of the relationship: the first login already carries the hint.
            Assert.Equal("B1", Assert.IsType<BackupPartnerHint>(answer.Backup).PartnerLicenseId);
            Assert.Equal(["http://127.0.0.1:9"], answer.Backup.PartnerServers);
        }

        using (var other = await silo.Client.PostAsJsonAsync("/api/v1/sessions", new LoginRequest("cam", [new FeatureRequest("mill", 1)], null, LicenseId: "P2"), Ct))
        {
            var answer = (await other.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
            Assert.Equal("P2", answer.LicenseId);
            Assert.Null(answer.Backup);
        }

        using (var wrongProduct = await silo.Client.PostAsJsonAsync("/api/v1/sessions", new LoginRequest("cam", [new FeatureRequest("mill", 1)], null, LicenseId: "P1"), Ct))
        {
            await ApiCalls.AssertProblemAsync(wrongProduct, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        }

        // The primary takes no settings from its partner, even signed by it and sent with the right credential.
        var fromBackup = BackupFiles.WriteSettings(
            new BackupSettingsContent(BackupFiles.SettingsFormat, bkdat.RelationshipId, 99, now, Convert.ToBase64String(backupKey.PublicKey.ExportSubjectPublicKeyInfo()), 300, new Dictionary<string, int>(), [], [], ["http://127.0.0.1:9"]),
            backupKey);
        using (var settings = await Link(bkdat.Credential, "settings", fromBackup))
        {
            await ApiCalls.AssertProblemAsync(settings, HttpStatusCode.Conflict, ErrorCodes.Conflict);
        }

        // R-BAK-6: the partner dissolving over the link, with the credential, ends it here.
        using (var dissolve = await Link(bkdat.Credential, "dissolve", $$"""{"relationshipId": "{{bkdat.RelationshipId}}"}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, dissolve.StatusCode);
        }

        using var gone = await silo.Admin.GetAsync("/api/v1/admin/backup", Ct);
        await ApiCalls.AssertProblemAsync(gone, HttpStatusCode.NotFound, ErrorCodes.NotInRelationship);
    }

    private async Task ExpectRefusedAsync(string list, string primary, string backup, HttpStatusCode status, string code, string named)
    {
        using var response = await Offline(list, primary, backup);
        var problem = await ApiCalls.AssertProblemAsync(response, status, code);
        Assert.Contains(named, problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> Offline(string list, string primary, string backup)
        => silo.Admin.PostAsync("/api/v1/admin/backup/offline", Json($$"""{"backupList": {{list}}, "mapping": [{"primaryLicense": "{{primary}}", "backupLicense": "{{backup}}"}]}"""), Ct);

    private Task<HttpResponseMessage> Link(string credential, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backup-link/" + path) { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return silo.Client.SendAsync(request, Ct);
    }

    private Task<HttpResponseMessage> LinkFrom(string address, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://localhost/api/v1/backup-link/dissolve") { Content = Json("""{"relationshipId": "bk-x"}""") };
        request.Headers.Add(TestRemoteAddress.Header, address);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return silo.Client.SendAsync(request, Ct);
    }

    private string Issue(string id, string product, LicenseEdition edition, params string[] features)
        => LicenseIssuer.Issue(
            new LicenseDocument(id, product, edition, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [.. features.Select(f => new LicenseFeature(f, 5))], LicenseBinding.None),
            silo.Vendor.Key);

    private static string BackupList(VendorKeyPair key, DateTimeOffset now, params BackupListedLicense[] licenses)
        => BackupFiles.WriteLicenseList(
            new BackupLicenseListContent(BackupFiles.LicenseListFormat, "grid-b", "grid-b", ["http://127.0.0.1:9"], now, Convert.ToBase64String(key.PublicKey.ExportSubjectPublicKeyInfo()), licenses),
            key);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
