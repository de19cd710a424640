using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansLicense.Client;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Cluster;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Serialization;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Settings;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue #13 item 5: a program connected to the Orleans gateway may do what an anonymous HTTP caller may, and nothing
/// else. A hand-written Orleans client (not our library) that forges its caller id and guesses the silo credential calls internal interfaces directly: every call is refused, and nothing changed.
/// </summary>
public sealed class OrleansForgedClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_forged_Orleans_client_cannot_change_seats_settings_or_licenses_or_read_secrets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lone = await LoneSilo.StartAsync([("draw", 2)], ct);

        // A victim logged in through our library holds one seat.
        await using var victim = new LicenseClient(new LicenseClientOptions { Servers = lone.OrleansGateway, Product = "cad", GetEnvironmentVariable = _ => null });
        var session = await victim.LoginAsync([new FeatureRequest("draw", 1)], ct);

        // The caller id is forged (Orleans' gateway does not admit a grain's id at the connection, but any client id it
        // cannot check). The calls themselves must be refused.
        using var attacker = BuildForged(lone.Silo.GatewayPort, id => Create(id, "olic-silo-hosted-client"));
        await attacker.StartAsync(ct);
        var grains = attacker.Services.GetRequiredService<IClusterClient>();
        var pool = grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));
        var signed = Licensing.Signing.LicenseIssuer.Issue(
            new Licensing.Documents.LicenseDocument("L2", "cad", Licensing.Documents.LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null,
                Licensing.Documents.LicenseFlags.None, [new Licensing.Documents.LicenseFeature("draw", 1000)], Licensing.Documents.LicenseBinding.None),
            lone.Vendor);
        var attempts = new (string What, Func<Task> Call)[]
        {
            ("release another session's seats", () => pool.Release(session.SessionId, null, CancellationToken.None)),
            ("raise a pool's seats", () => pool.Configure(1000, true, CancellationToken.None)),
            ("take seats without a session", () => pool.Acquire("forged", 0, 1, 60, null, CancellationToken.None)),
            ("list a pool's leases", () => pool.ListLeases()),
            ("remove another session", () => grains.GetGrain<ISessionGrain>(session.SessionId).Remove(CancellationToken.None)),
            ("read another session", () => grains.GetGrain<ISessionGrain>(session.SessionId).GetInfo()),
            ("switch maintenance on", () => grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).SetMaintenance(true, CancellationToken.None)),
            ("read the settings", () => grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get()),
            ("read the server key", () => grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key).OfferServerKey("", CancellationToken.None)),
            ("read the admin token", () => grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key).OfferAdminToken("", CancellationToken.None)),
            ("import a license", () => grains.GetGrain<ILicenseGrain>("L2").Import(signed, CancellationToken.None)),
            ("deactivate a license", () => grains.GetGrain<ILicenseGrain>("L1").Deactivate(CancellationToken.None)),
        };

        foreach (var (what, call) in attempts)
        {
            // The credential travels in the request context: a guessed one must not pass either.
            RequestContext.Set("olic-silo", "forged-credential-forged-credential-0123456789");
            var refused = await Assert.ThrowsAnyAsync<Exception>(call);
            RequestContext.Clear();
            output.WriteLine($"{what}: {refused.GetType().Name}: {refused.Message}");
            var licensing = Assert.IsType<LicensingException>(refused);
            Assert.Equal(ErrorCodes.Forbidden, licensing.Code);
        }

        // One-way calls report nothing back; a forged "session ended" must still not reach the victim's observer.
        var victimKicked = 0;
        victim.Kicked += (_, _) => Interlocked.Increment(ref victimKicked);
        await grains.GetGrain<ISessionWatchGrain>(session.SessionId).Ended(ErrorCodes.SessionExpired, "forged");
        var quiet = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < quiet && Volatile.Read(ref victimKicked) == 0)
        {
            await Task.Delay(50, ct);
        }

        Assert.Equal(0, Volatile.Read(ref victimKicked));
        Assert.True(victim.IsLoggedIn);

        // What an anonymous caller may do still works for the same connection: the client API grain.
        var gateways = await grains.GetGrain<IClientGatewayGrain>(IClientGatewayGrain.Key).GetGateways();
        Assert.Contains(lone.OrleansGateway, gateways.Gateways);

        // Nothing changed: the victim's seat, the pool's size, the settings and the licenses are as they were.
        var license = await lone.LicenseAsync(ct);
        var draw = Assert.Single(license.Features);
        Assert.Equal((2, 1), (draw.Seats, draw.Used));
        Assert.Contains(await lone.SessionsAsync(ct), s => s.SessionId == session.SessionId);
        using (var settings = await lone.Silo.Http.SendAsync(lone.Silo.Admin(HttpMethod.Get, "/api/v1/admin/settings"), ct))
        {
            Assert.DoesNotContain("\"maintenance\":true", await settings.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
        }

        using (var l2 = await lone.Silo.Http.SendAsync(lone.Silo.Admin(HttpMethod.Get, "/api/v1/admin/licenses/L2"), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, l2.StatusCode);
        }

        await victim.CheckInAsync("draw", ct);
        Assert.Equal(0, Assert.Single((await lone.LicenseAsync(ct)).Features).Used);
    }

    // A plain Orleans client whose caller id is replaced before it connects.
    private static IHost BuildForged(int gatewayPort, Func<Type, object> forgeId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = "default";
                    o.ServiceId = "orleans-license";
                });
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
                client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
                client.Services.AddLicenseSerialization();
            })
            .Build();

        // Orleans keeps the client's id in internal types; reflection stands in for a patched client.
        var detailsType = typeof(IClusterClient).Assembly.GetType("Orleans.LocalClientDetails", throwOnError: true)!;
        var idType = typeof(GrainId).Assembly.GetType("Orleans.Runtime.ClientGrainId", throwOnError: true)!;
        var details = host.Services.GetRequiredService(detailsType);
        var field = detailsType.GetFields(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance).Single(f => f.FieldType == idType);
        var forged = forgeId(idType);
        field.SetValue(details, forged);
        Assert.Equal(forged, field.GetValue(details));
        return host;
    }

    private static object Create(Type idType, string key) =>
        idType.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [typeof(string)])!.Invoke(null, [key])!;
}
