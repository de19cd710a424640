using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Each silo answers logins from its own copy of the settings and license list (what every login reads). On a grid
/// that copy must not make a change made through another silo go unseen: a switch of maintenance mode is answered only
/// once every silo follows it (R-MAINT-1), and a license imported through one silo serves logins on every other
/// at once (a product without licenses is never remembered).
/// </summary>
public sealed class GridLoginLookupsTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task A_maintenance_switch_made_on_one_silo_is_followed_by_every_silo_once_answered_and_imports_serve_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 2, ct);
        var silos = cluster.Silos.Select(s => s!).ToList();
        await cluster.ImportLicenseAsync("LOOKUP-CAD", "cad", [("draw", 50)], ct);

        // A login runs on the silo its session is placed on: several logins per gateway, so that both silos
        // hold the settings (maintenance off) and cad's license list, and later ask both copies.
        foreach (var silo in silos)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.Created, await LoginStatusAsync(silo, "cad", ct));
            }
        }

        var watch = Stopwatch.StartNew();
        var switching = SetModeAsync(silos[1], "maintenance", ct);

        // While the switch waits (a second) for the silos' copies to expire, reading the settings does not wait
        // behind it: that is how the copies refresh. A read held by the switch's turn would take most of that second.
        TimeSpan slowestRead = default;
        while (!switching.IsCompleted)
        {
            var read = Stopwatch.StartNew();
            await SettingsAsync(silos[0], ct);
            slowestRead = read.Elapsed > slowestRead ? read.Elapsed : slowestRead;
        }

        await switching;
        output.WriteLine($"slowest settings read during the switch: {slowestRead.TotalMilliseconds:0} ms");
        Assert.True(slowestRead < TimeSpan.FromMilliseconds(500), $"a settings read waited {slowestRead.TotalMilliseconds:0} ms behind the maintenance switch");
        output.WriteLine($"the switch to maintenance was answered after {watch.ElapsedMilliseconds} ms");
        foreach (var silo in silos)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await LoginStatusAsync(silo, "cad", ct));
            }
        }

        await SetModeAsync(silos[0], "normal", ct);
        foreach (var silo in silos)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.Created, await LoginStatusAsync(silo, "cad", ct));
            }
        }

        // No license yet for "cam": asked for on silo 1 (404), imported through silo 0, served by silo 1 at once.
        Assert.Equal(HttpStatusCode.NotFound, await LoginStatusAsync(silos[1], "cam", ct));
        await cluster.ImportLicenseAsync("LOOKUP-CAM", "cam", [("draw", 1)], ct);
        Assert.Equal(HttpStatusCode.Created, await LoginStatusAsync(silos[1], "cam", ct));
    }

    private async Task<HttpStatusCode> LoginStatusAsync(SiloProcess silo, string product, CancellationToken ct)
    {
        using var response = await silo.Http.PostAsJsonAsync(
            "/api/v1/sessions",
            new LoginRequest(product, [new FeatureRequest("draw", 1)], new ClientInfo("ann", "ws-1", "lookup-test", null)),
            ct);
        output.WriteLine($"login {product} at {silo.BaseUrl}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return response.StatusCode;
    }

    private static async Task<SettingsView> SettingsAsync(SiloProcess silo, CancellationToken ct)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/settings"), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<SettingsView>(ct))!;
    }

    private static async Task SetModeAsync(SiloProcess silo, string mode, CancellationToken ct)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Put, "/api/v1/admin/maintenance", JsonContent.Create(new MaintenanceRequest(mode))), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
