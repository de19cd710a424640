using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Cluster.Tests.Triad;

/// <summary>
/// The quorum with real processes (R-TRI-1, R-TRI-2): two of the three silos killed with SIGKILL leave a survivor that
/// answers 503 <c>no_quorum</c>, naming the other servers, whatever its role; a tertiary started alone never serves.
/// </summary>
public sealed class TriadQuorumTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task R_TRI_1_with_two_silos_killed_the_survivor_answers_no_quorum_whatever_its_role(int survivorIndex)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        var silos = cluster.Silos.Select(s => s!).ToList();
        var (created, body) = await TriadAdmin.CreateAsync(silos[0], TriadAdmin.Address(silos[0]), TriadAdmin.Address(silos[1]), TriadAdmin.Address(silos[2]), [TriadAdmin.License(cluster, "T1", 5)], ct);
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        var survivor = silos[survivorIndex];
        await TriadAdmin.WaitForActiveAsync(survivor, TriadAdmin.Address(silos[0]), TimeSpan.FromSeconds(5), ct);
        var (served, _) = await TriadAdmin.LoginAsync(survivor, ct);
        Assert.Equal(HttpStatusCode.Created, served);

        foreach (var victim in silos.Where(s => s != survivor))
        {
            victim.Kill();
        }

        var refusal = await WaitForNoQuorumAsync(survivor, silos, TimeSpan.FromSeconds(20), ct);
        output.WriteLine($"survivor {survivorIndex}: {refusal.Elapsed.TotalSeconds:0.00} s to no_quorum: {refusal.Body}");
        AssertNamesTheOthers(refusal.Body, survivor, silos);

        // Not serving at all: the health check says so, and the admin view says why.
        using var health = await survivor.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var (viewed, view) = await TriadAdmin.ViewAsync(survivor, ct);
        Assert.Equal(HttpStatusCode.OK, viewed);
        Assert.False(view.GetProperty("quorum").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("active").ValueKind);
    }

    [Fact]
    public async Task R_TRI_2_a_tertiary_started_alone_never_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        var silos = cluster.Silos.Select(s => s!).ToList();
        var (created, body) = await TriadAdmin.CreateAsync(silos[0], TriadAdmin.Address(silos[0]), TriadAdmin.Address(silos[1]), TriadAdmin.Address(silos[2]), [TriadAdmin.License(cluster, "T1", 5)], ct);
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        foreach (var silo in silos)
        {
            silo.Kill();
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);
        }

        // The tertiary comes back alone: it reads the triad from the grid's storage before it answers anything.
        await cluster.StartSiloAsync(2, ct, waitUntilServing: false);
        var tertiary = cluster.Silos[2]!;
        var refusal = await WaitForNoQuorumAsync(tertiary, silos, TimeSpan.FromSeconds(60), ct);
        AssertNamesTheOthers(refusal.Body, tertiary, silos);

        // It keeps refusing: every answer over a few seconds is no_quorum, none a grant.
        var clock = Stopwatch.StartNew();
        var answers = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var (status, problem) = await TriadAdmin.LoginAsync(tertiary, ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("no_quorum", problem.GetProperty("code").GetString());
            answers++;
            await Task.Delay(200, ct);
        }

        Assert.True(answers >= 5);

        // Its status still answers (issue #16: a status page reports a degraded grid, it does not fail): what the fence
        // refuses is left out and named, the license count comes from the grid's index.
        var degraded = await tertiary.StatusAsync(ct);
        Assert.Equal("triad", degraded.Topology);
        Assert.Null(degraded.Sessions);
        Assert.Equal(1, degraded.Licenses);
        Assert.Contains(degraded.Degraded ?? [], reason => reason.StartsWith("sessions: not counted: no_quorum", StringComparison.Ordinal));
    }

    private static IEnumerable<SiloProcess> Others(SiloProcess survivor, IReadOnlyList<SiloProcess> silos)
        => silos.Where(s => TriadAdmin.Address(s) != TriadAdmin.Address(survivor));

    // The entries of the body's servers that name this silo.
    private static IEnumerable<JsonElement> EntriesOf(JsonElement servers, SiloProcess silo)
        => servers.EnumerateArray().Where(s => s.GetProperty("addresses")[0].GetString() == TriadAdmin.Address(silo));

    private static bool NamesNoOtherActive(JsonElement servers, SiloProcess survivor, IReadOnlyList<SiloProcess> silos)
        => Others(survivor, silos).All(other => EntriesOf(servers, other).Any(s => s.GetProperty("status").GetString() != "active"));

    private static void AssertNamesTheOthers(JsonElement body, SiloProcess survivor, IReadOnlyList<SiloProcess> silos)
    {
        Assert.Equal("no_quorum", body.GetProperty("code").GetString());
        var servers = body.GetProperty("servers").EnumerateArray().ToList();
        Assert.Equal(3, servers.Count);
        foreach (var other in Others(survivor, silos))
        {
            var entry = Assert.Single(EntriesOf(body.GetProperty("servers"), other));
            Assert.NotEqual("active", entry.GetProperty("status").GetString());
            Assert.Contains(TriadAdmin.Address(other), body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    // Waits for the settled refusal: no_quorum naming every other member as not active. While the others' deaths are
    // being noticed an answer may already be no_quorum (the grains' fence) with a member still listed active.
    private static async Task<(TimeSpan Elapsed, JsonElement Body)> WaitForNoQuorumAsync(SiloProcess silo, IReadOnlyList<SiloProcess> silos, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < limit)
        {
            try
            {
                var (status, body) = await TriadAdmin.LoginAsync(silo, cancellationToken);
                if (status == HttpStatusCode.ServiceUnavailable && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var code) && code.GetString() == "no_quorum")
                {
                    // Every no_quorum answer lists the servers, the grains' refusals too.
                    Assert.True(body.TryGetProperty("servers", out var servers), $"no servers in {body}");
                    if (NamesNoOtherActive(servers, silo, silos))
                    {
                        return (clock.Elapsed, body);
                    }
                }

                last = $"{(int)status} {body}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A login sent before the silo noticed it is alone waits for a dead silo's grain; the next one is refused.
                last = ex.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{TriadAdmin.Address(silo)} did not answer no_quorum within {limit.TotalSeconds} s; last: {last}");
    }
}
