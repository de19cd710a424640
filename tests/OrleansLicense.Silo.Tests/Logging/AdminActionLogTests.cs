using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Tests.Borrows;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Logging;

/// <summary>The in-process silo with the admin actions' log lines at their default level, Information.</summary>
public sealed class AdminActionLogFixture : SiloFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:OrleansLicense.Silo.Admin"] = "Information",
        ["Serilog:MinimumLevel:Override:OrleansLicense.Silo.Borrowing"] = "Information",
    };
}

/// <summary>
/// Issue #15 item 4 (R-SEC-1): "Named admins get their own tokens, so that the logs say who did what." Every log line
/// of an admin action names the admin who made the call: a named admin by name, the grid's shared token as
/// "admin token".
/// </summary>
public sealed class AdminActionLogTests(AdminActionLogFixture silo) : IClassFixture<AdminActionLogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_admin_action_line_names_the_named_admin_who_made_the_call()
    {
        using var ann = await NamedAdminAsync("ann");
        var product = $"prod-{Guid.NewGuid():N}"[..16];

        // License imported, then a session removed and the license deactivated.
        var license = await ann.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 2)]));
        var session = await silo.Client.LoginOkAsync(product, ("draw", 1));
        await OkAsync(ann.DeleteAsync($"/api/v1/admin/sessions/{session.SessionId}", Ct), HttpStatusCode.NoContent);
        await OkAsync(ann.DeleteAsync($"/api/v1/admin/licenses/{license.Id}", Ct), HttpStatusCode.NoContent);

        // Settings changed; maintenance on and off.
        var settings = await ann.GetSettingsAsync();
        await OkAsync(ann.PutSettingsAsync(settings with { ClientTimeoutSeconds = settings.ClientTimeoutSeconds + 1 }), HttpStatusCode.OK);
        await OkAsync(ann.SetModeAsync("maintenance"), HttpStatusCode.OK);
        await OkAsync(ann.SetModeAsync("normal"), HttpStatusCode.OK);

        // A vendor key trusted by the grid, then no longer.
        var key = VendorKeyPair.Generate();
        await OkAsync(ann.PostAsJsonAsync("/api/v1/admin/keys", new AddTrustedKeyRequest(key.ExportPublicKeyPem()), Ct), HttpStatusCode.Created);
        await OkAsync(ann.DeleteAsync($"/api/v1/admin/keys/{key.KeyId}", Ct), HttpStatusCode.NoContent);

        // An access rule added and removed, a named admin given a token and removed.
        using (var added = await ann.PostAsJsonAsync("/api/v1/admin/access/rules", new AccessRuleRequest("allow", "everyone", "any"), Ct))
        {
            await ApiCalls.AssertStatusAsync(added, HttpStatusCode.OK);
            var rule = (await added.Content.ReadFromJsonAsync<AccessListView>(Ct))!.Rules.Single(r => r.Where == "any");
            await OkAsync(ann.DeleteAsync($"/api/v1/admin/access/rules/{rule.Id}", Ct), HttpStatusCode.OK);
        }

        await OkAsync(ann.PostAsJsonAsync("/api/v1/admin/access/admins", new NamedAdminRequest("bob"), Ct), HttpStatusCode.Created);
        await OkAsync(ann.DeleteAsync("/api/v1/admin/access/admins/bob", Ct), HttpStatusCode.OK);

        // An agent link credential issued, and the silo's IPv6 mode set for the next start (to what it is).
        await OkAsync(ann.PostAsJsonAsync("/api/v1/admin/agents/credentials", new { agentId = "plant-b" }, Ct), HttpStatusCode.OK);
        await OkAsync(ann.PutAsJsonAsync("/api/v1/admin/network", new { ipv6 = "disable" }, Ct), HttpStatusCode.OK);

        var lines = Lines();
        string Line(int eventId, string text) => Assert.Single(lines, l => l.EventId == eventId && l.Message.Contains(text, StringComparison.Ordinal)).Message;
        Assert.Equal($"License {license.Id} of product {product} imported by ann", Line(2008, license.Id));
        Assert.Equal($"Session {session.SessionId} removed by ann", Line(2011, session.SessionId));
        Assert.Equal($"License {license.Id} deactivated by ann", Line(2009, license.Id));
        Assert.StartsWith("Settings changed by ann: client timeout ", Line(2013, $"{settings.ClientTimeoutSeconds + 1} s"), StringComparison.Ordinal);
        Assert.Equal("Maintenance mode maintenance, set by ann", Line(2012, "mode maintenance"));
        Assert.Equal("Maintenance mode normal, set by ann", Line(2012, "mode normal"));
        Assert.Equal($"Vendor key {key.KeyId} trusted on every silo of the grid, by ann", Line(2040, key.KeyId));
        Assert.Equal($"Vendor key {key.KeyId} no longer trusted by the grid, removed by ann", Line(2041, key.KeyId));
        Assert.Equal(2, lines.Count(l => l.EventId == 4312 && l.Message.StartsWith("Access rules changed by ann: ", StringComparison.Ordinal)));
        Assert.Equal("Named admin bob given a new token by ann", Line(4313, "bob given"));
        Assert.Equal("Named admin bob removed by ann", Line(4313, "bob removed"));
        Assert.Equal("Agent credential of plant-b issued by ann", Line(3832, "plant-b"));
        Assert.EndsWith(" by ann", Line(4300, "IPv6 mode set to"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Borrow_returns_and_signed_exports_name_the_named_admin()
    {
        using var cay = await NamedAdminAsync("cay");
        var product = BorrowApi.NewProduct();
        var now = silo.Clock.GetUtcNow();
        var license = await silo.Admin.ImportOkAsync(BorrowApi.Issue(
            silo.Vendor.Key, product, now, LicenseFlags.None with { Borrowable = true, UsageStatistics = true, PeakUpload = true }, ("draw", 3)));

        // A borrow the administrator takes back, then the license's usage and peaks exported (signed files for the vendor).
        var lent = await silo.Client.BorrowOkAsync(product, 4, ("draw", 1));
        await OkAsync(cay.DeleteAsync($"/api/v1/admin/borrows/{lent.Borrow.BorrowId}", Ct), HttpStatusCode.NoContent);
        await OkAsync(cay.GetAsync($"/api/v1/admin/usage/{license.Id}/export", Ct), HttpStatusCode.OK);
        await OkAsync(cay.GetAsync($"/api/v1/admin/peaks/{license.Id}/export", Ct), HttpStatusCode.OK);

        // An offline borrow: the request file a machine without network made, lent and later returned by the administrator.
        var machine = new OfflineFiles(product);
        string offlineId;
        using (var offline = await cay.PostTextAsync("/api/v1/admin/borrows/offline", machine.RequestFile(machine.Request(now, 24, ("draw", 1)))))
        {
            await ApiCalls.AssertStatusAsync(offline, HttpStatusCode.Created);
            offlineId = BorrowCertificate.Verify(await offline.Content.ReadAsStringAsync(Ct), await silo.Client.ServerKeyAsync()).BorrowId;
        }

        await OkAsync(cay.PostTextAsync("/api/v1/admin/borrows/offline/return", machine.ReturnFile(offlineId, now)), HttpStatusCode.OK);

        var lines = Lines();
        Assert.Single(lines, l => l.EventId == 4104 && l.Message == $"Borrow {lent.Borrow.BorrowId} returned by cay");
        Assert.Single(lines, l => l.EventId == 4105 && l.Message.StartsWith($"Usage of license {license.Id} exported", StringComparison.Ordinal) && l.Message.EndsWith(" by cay", StringComparison.Ordinal));
        Assert.Single(lines, l => l.EventId == 4102 && l.Message.StartsWith($"Offline borrow {offlineId} of license {license.Id} lent to machine {machine.Fingerprint} until ", StringComparison.Ordinal) && l.Message.EndsWith(", by cay", StringComparison.Ordinal));
        Assert.Single(lines, l => l.EventId == 4103 && l.Message == $"Offline borrow {offlineId} returned by machine {machine.Fingerprint}, entered by cay");
        Assert.Single(lines, l => l.EventId == 4106 && l.Message.StartsWith($"Peaks of license {license.Id} exported", StringComparison.Ordinal) && l.Message.EndsWith(" by cay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_with_the_shared_admin_token_is_logged_as_the_admin_token()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];

        var license = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 2)]));
        await OkAsync(silo.Admin.DeleteAsync($"/api/v1/admin/licenses/{license.Id}", Ct), HttpStatusCode.NoContent);

        var lines = Lines();
        Assert.Single(lines, l => l.Message == $"License {license.Id} of product {product} imported by admin token");
        Assert.Single(lines, l => l.Message == $"License {license.Id} deactivated by admin token");
    }

    private async Task<HttpClient> NamedAdminAsync(string name)
    {
        using var response = await silo.Admin.PostAsJsonAsync("/api/v1/admin/access/admins", new NamedAdminRequest(name), Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<NamedAdminCreated>(Ct))!;
        var client = silo.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    private static async Task OkAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        await ApiCalls.AssertStatusAsync(response, expected);
    }

    // The dashboard's buffer renders string values quoted ("ann"); compared unquoted, as SessionLogTests does.
    private List<DashboardLogEntry> Lines()
        => [.. silo.Factory.Services.GetRequiredService<DashboardLogBuffer>().Read(0).Entries
            .Select(e => e with { Message = e.Message.Replace("\"", "", StringComparison.Ordinal) })];
}
