using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cluster.Tests.Triad;

/// <summary>
/// Dissolving a triad with <c>licenses=move</c> (R-TRI-3, R-LIC-3), with real processes: the active node imports each
/// license's signed document on another server (its URL and admin token) and only then deactivates it here; a license
/// the target refuses stays active here and the error names it.
/// </summary>
public sealed class TriadMoveTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task R_TRI_3_dissolve_moves_the_licenses_to_another_server_and_keeps_the_ones_it_refuses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        await using var target = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        var (s, t) = (source.Silos.Select(x => x!).ToList(), target.Silos.Select(x => x!).ToList());

        // The other server is a triad of the same id (moved hardware, say): it takes the licenses bound to it, signed by the
        // source's vendor key, which it trusts. T2 is signed by a key only the source trusts, so the target refuses it.
        await TrustAsync(t[0], source.Vendor, ct);
        var (targetCreated, targetBody) = await TriadAdmin.CreateAsync(t[0], TriadAdmin.Address(t[0]), TriadAdmin.Address(t[1]), TriadAdmin.Address(t[2]), [TriadAdmin.License(target, "T9", 2)], ct);
        Assert.True(targetCreated == HttpStatusCode.Created, targetBody.ToString());
        var otherVendor = VendorKeyPair.Generate();
        await TrustAsync(s[0], otherVendor, ct);
        var t2 = LicenseIssuer.Issue(new LicenseDocument("T2", "cad", LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [new LicenseFeature("draw", 3)], LicenseBinding.ToTriad(TriadAdmin.TriadId)), otherVendor);
        var (created, body) = await TriadAdmin.CreateAsync(s[0], TriadAdmin.Address(s[0]), TriadAdmin.Address(s[1]), TriadAdmin.Address(s[2]), [TriadAdmin.License(source, "T1", 4), t2], ct);
        Assert.True(created == HttpStatusCode.Created, body.ToString());

        // A target that cannot be reached, or this grid itself: refused before anything changes.
        var (unreachable, unreachableBody) = await DissolveAsync(s[0], "http://127.0.0.1:1", "x", ct);
        Assert.Equal(HttpStatusCode.BadGateway, unreachable);
        Assert.Equal("triad_move_target_unreachable", unreachableBody.GetProperty("code").GetString());
        var (itself, itselfBody) = await DissolveAsync(s[1], s[0].BaseUrl, s[0].AdminToken, ct);
        Assert.Equal("triad_move_target_unreachable", itselfBody.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, itself);
        var (wrongToken, wrongTokenBody) = await DissolveAsync(s[0], t[0].BaseUrl, "not-the-token", ct);
        Assert.True(wrongToken == HttpStatusCode.BadGateway, wrongTokenBody.ToString());
        Assert.Equal(HttpStatusCode.OK, (await TriadAdmin.ViewAsync(s[0], ct)).Status);
        Assert.Equal("active", (await source.LicenseAsync("T1", ct)).Status);

        // The move: T1 is imported on the target and then deactivated here; T2, refused there, stays active here.
        var (moved, result) = await DissolveAsync(s[0], t[0].BaseUrl, t[0].AdminToken, ct);
        output.WriteLine(result.ToString());
        Assert.True(moved == HttpStatusCode.BadGateway, result.ToString());
        Assert.Equal("triad_move_incomplete", result.GetProperty("code").GetString());
        Assert.Equal(["T1"], result.GetProperty("moved").EnumerateArray().Select(e => e.GetString()));
        var failed = Assert.Single(result.GetProperty("failed").EnumerateArray());
        Assert.Equal("T2", failed.GetProperty("license").GetString());
        Assert.Equal("license_signature_invalid", failed.GetProperty("code").GetString());
        Assert.Contains("T2", result.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal("deactivated", (await source.LicenseAsync("T1", ct)).Status);
        Assert.Equal("active", (await source.LicenseAsync("T2", ct)).Status);
        Assert.Equal("active", (await target.LicenseAsync("T1", ct)).Status);
        Assert.Equal("not_in_relationship", (await TriadAdmin.ViewAsync(s[0], ct)).Body.GetProperty("code").GetString());

        // The moved license serves on the target triad.
        var login = await TriadAdmin.LoginAsync(t[0], ct);
        Assert.Equal(HttpStatusCode.Created, login.Status);
    }

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> DissolveAsync(Testing.Silo.SiloProcess silo, string to, string token, CancellationToken ct)
        => TriadAdmin.SendAsync(silo, HttpMethod.Delete, "/api/v1/admin/triad?licenses=move", JsonContent.Create(new { to, toToken = token }), ct);

    private static async Task TrustAsync(Testing.Silo.SiloProcess silo, VendorKeyPair vendor, CancellationToken ct)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/keys", JsonContent.Create(new { pem = vendor.ExportPublicKeyPem() })), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
