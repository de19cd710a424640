using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue 12 item 6 (R-SESS-2, R-SESS-5): a silo SIGKILLed during login/logout churn and restarted on the same data
/// folder, again and again, never leaves a seat that no listed session owns. On the old runtime a feature counted 40
/// seats used while the listed sessions held 29, and no admin call could free the rest until a lease ran out.
/// Issue 14, item 9: more clients than seats, so that a pool granting more seats than it has across a crash is caught.
/// </summary>
public sealed class CrashOrphanTests(ITestOutputHelper output)
{
    private const int Seats = 12;
    private const int Clients = 16;
    private const int Kills = 3;

    [Fact]
    public async Task Every_seat_counted_after_a_crash_belongs_to_a_listed_session_that_an_admin_can_remove()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory("olic-crash", keepOnRequest: true);
        var vendor = VendorKeyPair.Generate();
        var folder = Path.Combine(dir.Path, "silo");
        Directory.CreateDirectory(Path.Combine(folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(folder, "keys", "vendor.pub.pem"), vendor.ExportPublicKeyPem(), ct);
        var options = new SiloProcessOptions { DataFolder = folder, HttpPort = FreePort.Next(), WriteProcessLog = true };

        var silo = await SiloProcess.StartAsync(options, ct);
        try
        {
            await ImportAsync(silo, vendor, ct);
            for (var kill = 1; kill <= Kills; kill++)
            {
                await ChurnThenKillAsync(silo, TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(3000)), ct);
                await silo.DisposeAsync();
                silo = await SiloProcess.StartAsync(options, ct);

                var (used, owned) = await UsedAndOwnedAsync(silo, ct);
                output.WriteLine($"kill {kill}: used {used}, held by listed sessions {owned}, seats {Seats}");
                Assert.Equal(owned, used);

                // Issue 14, item 9: once, on the old runtime, 13 sessions held a 10-seat feature after a kill and a restart.
                // More clients than seats churn here, so an over-grant across the crash would show.
                Assert.InRange(used, 0, Seats);
                Assert.InRange((await SessionsAsync(silo, ct)).Count, 0, Seats);
            }

            // Every listed owner can be removed, and then nothing is counted: no seat is left that nobody can free.
            foreach (var session in await SessionsAsync(silo, ct))
            {
                using var removed = await silo.Http.SendAsync(silo.Admin(HttpMethod.Delete, $"/api/v1/admin/sessions/{session.SessionId}"), ct);
                Assert.True(removed.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"remove answered {(int)removed.StatusCode}");
            }

            var (finalUsed, finalOwned) = await UsedAndOwnedAsync(silo, ct);
            Assert.Equal(0, finalOwned);
            Assert.Equal(0, finalUsed);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task ImportAsync(SiloProcess silo, VendorKeyPair vendor, CancellationToken ct)
    {
        var text = LicenseIssuer.Issue(
            new LicenseDocument("L1", "cad", LicenseEdition.Standard, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None,
                [new LicenseFeature("draw", Seats)], LicenseBinding.None),
            vendor);
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(text, Encoding.UTF8, "application/json")), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    // Clients log in and out as fast as they can until the silo dies under them; their errors are the point.
    private static async Task ChurnThenKillAsync(SiloProcess silo, TimeSpan killAfter, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = Enumerable.Range(0, Clients).Select(i => ChurnAsync(new Uri(silo.BaseUrl), handler, i, stop.Token)).ToArray();
        await Task.Delay(killAfter, ct);
        await silo.KillAsync(ct);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
    }

    private static async Task ChurnAsync(Uri server, HttpMessageHandler handler, int index, CancellationToken ct)
    {
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(5) };
        for (var round = 0; round < 100_000 && !ct.IsCancellationRequested; round++)
        {
            try
            {
                using var login = await http.PostAsJsonAsync(
                    "/api/v1/sessions",
                    new { product = "cad", features = new[] { new { name = "draw", count = 1 } }, client = new { user = $"u{index}", host = "crash" }, requestId = Guid.NewGuid().ToString("N") },
                    ct);
                if (login.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                var session = await login.Content.ReadFromJsonAsync<LoginAnswer>(ct);
                using var logout = await http.DeleteAsync($"/api/v1/sessions/{session!.SessionId}", ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                // The silo was killed under this call: stop once the test says so.
            }
        }
    }

    private static async Task<(int Used, int Owned)> UsedAndOwnedAsync(SiloProcess silo, CancellationToken ct)
    {
        var license = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/licenses/L1"), ct);
        license.EnsureSuccessStatusCode();
        var used = (await license.Content.ReadFromJsonAsync<LicenseView>(ct))!.Features.Single(f => f.Name == "draw").Used;
        var owned = (await SessionsAsync(silo, ct)).Sum(s => s.Features.Where(f => f.Name == "draw").Sum(f => f.Count));
        return (used, owned);
    }

    private static async Task<IReadOnlyList<SessionView>> SessionsAsync(SiloProcess silo, CancellationToken ct)
    {
        using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/sessions"), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<SessionView>>(ct))!;
    }

    private sealed record LoginAnswer(string SessionId);
}
