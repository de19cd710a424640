using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using OrleansLicense.Client;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue #15 item 1 (R-NET-1): with <c>--ipv6 only</c> two silos on PostgreSQL form a grid on ::1 (HTTP, silo and
/// gateway ports all IPv6, the membership rows IPv6 addresses), and a client given <c>[::1]:port</c> gateway addresses
/// logs in through it; nothing listens on IPv4.
/// </summary>
public sealed class IPv6GridTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task An_ipv6_only_two_silo_grid_forms_on_the_ipv6_loopback_and_serves_a_client()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory("olic-ipv6", keepOnRequest: true);
        var database = $"olic_{Guid.NewGuid():N}"[..20];
        var connection = await postgres.Server.CreateDatabaseAsync(database, ct);
        var vendor = VendorKeyPair.Generate();
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var data = Path.Combine(folder.Path, $"silo{i}");
                Directory.CreateDirectory(Path.Combine(data, "keys"));
                await File.WriteAllTextAsync(Path.Combine(data, "keys", "vendor.pub.pem"), vendor.ExportPublicKeyPem(), ct);
                var silo = SiloProcess.Start(new SiloProcessOptions
                {
                    DataFolder = data,
                    ListenHost = "::1",
                    PostgresConnectionString = connection,
                    Arguments = ["--ipv6", "only"],
                    Environment = new Dictionary<string, string>
                    {
                        ["OLIC_Cluster__Enabled"] = "true",
                        ["OLIC_Cluster__ClusterId"] = $"v6-{database}",
                        ["OLIC_Cluster__AdvertisedHost"] = "::1",
                    },
                    WriteProcessLog = true,
                });
                silos.Add(silo);
                await silo.WaitUntilServingAsync(ct);
            }

            // Both silos are in one membership, each at its IPv6 address.
            StatusView status;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                using (var response = await silos[1].Http.SendAsync(silos[1].Admin(HttpMethod.Get, "/api/v1/admin/status"), ct))
                {
                    status = (await response.Content.ReadFromJsonAsync<StatusView>(ct))!;
                }

                if (status.Silos.Count(x => x.Status == "active") == 2 || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(200, ct);
            }

            Assert.Equal(2, status.Silos.Count(x => x.Status == "active"));
            output.WriteLine(string.Join(", ", status.Silos.Select(s => $"{s.Name} {s.Address} {s.Status}")));
            Assert.All(status.Silos, s => Assert.StartsWith("[::1]", s.Address, StringComparison.Ordinal));

            foreach (var silo in silos)
            {
                foreach (var port in new[] { silo.HttpPort, silo.SiloPort, silo.GatewayPort })
                {
                    Assert.True(await ListensAsync(IPAddress.IPv6Loopback, port, ct), $"nothing listens on [::1]:{port}");
                    Assert.False(await ListensAsync(IPAddress.Loopback, port, ct), $"127.0.0.1:{port} answers although IPv6 is the only family");
                }
            }

            var license = LicenseIssuer.Issue(
                new LicenseDocument("V6-CAD", "cad", LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, LicenseFlags.None, [new LicenseFeature("draw", 2)], LicenseBinding.None),
                vendor);
            using (var import = await silos[0].Http.SendAsync(silos[0].Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(license, Encoding.UTF8, "application/json")), ct))
            {
                Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync(ct));
            }

            // The client takes [v6]:port addresses of the Orleans gateways (R-CLI-3) and logs in through the IPv6 grid.
            await using var client = new LicenseClient(new LicenseClientOptions
            {
                Servers = string.Join(",", silos.Select(s => $"[::1]:{s.GatewayPort}")),
                ClusterId = $"v6-{database}",
                GatewayCertificateSha256 = await GridFingerprint.ReadAsync(connection, ct),
                Product = "cad",
                GetEnvironmentVariable = _ => null,
            });
            var session = await client.LoginAsync([new FeatureRequest("draw", 1)], ct);
            Assert.False(string.IsNullOrEmpty(session.SessionId));
            Assert.Equal("[::1]", client.CurrentServer!.Host);

            // The seat is seen through the other silo too: one grid.
            foreach (var silo in silos)
            {
                using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, "/api/v1/admin/licenses/V6-CAD"), ct);
                var view = (await response.Content.ReadFromJsonAsync<LicenseView>(ct))!;
                Assert.Equal(1, view.Features.Single().Used);
            }

            await client.LogoutAsync(ct);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<bool> ListensAsync(IPAddress address, int port, CancellationToken ct)
    {
        using var tcp = new TcpClient(address.AddressFamily);
        try
        {
            await tcp.ConnectAsync(address, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
