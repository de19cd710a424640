using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Triad;

/// <summary>
/// R-TRI-4 with real processes: usage and peaks recorded while the primary is active and, after it is SIGKILLed, on the
/// secondary are one merged set, read from the grid's storage whichever silo answers.
/// </summary>
public sealed class TriadUsageTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task R_TRI_4_usage_and_peaks_stay_one_merged_set_after_a_failover()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        var (primary, secondary, tertiary) = (cluster.Silos[0]!, cluster.Silos[1]!, cluster.Silos[2]!);

        // Usage statistics with forced authentication: every client's first contact is recorded.
        var license = LicenseIssuer.Issue(
            new LicenseDocument("T1", "cad", LicenseEdition.Enterprise, DateTimeOffset.UtcNow.AddDays(-1), null, new LicenseFlags(false, false, true, true, false, 24), [new LicenseFeature("draw", 10)], LicenseBinding.ToTriad(TriadAdmin.TriadId)),
            cluster.Vendor);
        var (created, body) = await TriadAdmin.CreateAsync(primary, TriadAdmin.Address(primary), TriadAdmin.Address(secondary), TriadAdmin.Address(tertiary), [license], ct);
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        await TriadAdmin.WaitForActiveAsync(secondary, TriadAdmin.Address(primary), TimeSpan.FromSeconds(10), ct);

        // Two holders while the primary is active.
        foreach (var user in new[] { "alice", "bob" })
        {
            Assert.Equal(HttpStatusCode.Created, await LoginAsync(primary, user, ct));
        }

        primary.Kill();
        await primary.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);
        await TriadAdmin.WaitForActiveAsync(secondary, TriadAdmin.Address(secondary), TimeSpan.FromSeconds(20), ct);

        // Three more on the secondary; the first two still hold their seats.
        foreach (var user in new[] { "carol", "dave", "erin" })
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var status = await LoginAsync(secondary, user, ct);
            while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
                status = await LoginAsync(secondary, user, ct);
            }

            Assert.Equal(HttpStatusCode.Created, status);
        }

        // One set, whichever silo is asked: every client, and today's peak counts the holders from both sides of the failover.
        foreach (var silo in new[] { secondary, tertiary })
        {
            var usage = await GetAsync(silo, "/api/v1/admin/usage/T1", ct);
            // A client without a fingerprint is known as user@host.
            var clients = usage.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("clientId").GetString()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["alice@alice-pc", "bob@bob-pc", "carol@carol-pc", "dave@dave-pc", "erin@erin-pc"], clients);

            var peaks = await GetAsync(silo, "/api/v1/admin/peaks/T1", ct);
            var today = peaks.GetProperty("days").EnumerateArray().Last();
            output.WriteLine($"{TriadAdmin.Address(silo)}: {today}");
            Assert.Equal(5, today.GetProperty("sn").GetInt32());
            Assert.Equal(5, today.GetProperty("features").GetProperty("draw").GetInt32());
        }
    }

    private static async Task<HttpStatusCode> LoginAsync(SiloProcess silo, string user, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { product = "cad", features = new[] { new { name = "draw", count = 1 } }, client = new { user, host = $"{user}-pc", process = "triad-usage" } }),
        };
        using var response = await silo.Http.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static async Task<JsonElement> GetAsync(SiloProcess silo, string path, CancellationToken ct)
    {
        // A 503 right after the failover means "try again" (a grain that lived on the killed primary moving).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await silo.Http.SendAsync(silo.Admin(HttpMethod.Get, path), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline, $"GET {path} on {silo.BaseUrl}: {(int)response.StatusCode} {text}");
            await Task.Delay(250, ct);
        }
    }
}
