using System.Text.Json;
using OrleansLicense.Cluster.Tests.Support;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// R-OPS-3 on a grid: the dashboard's silo table shows every silo's activations, CPU and memory, each measured by that
/// silo and asked for over the silo port, whichever silo the dashboard is opened on.
/// </summary>
public sealed class DashboardGridTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_silo_reports_its_own_cpu_and_memory_to_the_dashboard_of_any_silo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 2, ct);
        var silos = cluster.Silos.Select(s => s!).ToList();

        foreach (var answering in silos)
        {
            using var request = answering.Admin(HttpMethod.Get, "/api/v1/admin/dashboard/overview");
            using var response = await answering.Http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            using var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));

            var active = overview.RootElement.GetProperty("silos").EnumerateArray()
                .Where(s => s.GetProperty("status").GetString() == "active")
                .ToList();
            Assert.Equal(silos.Count, active.Count);
            Assert.Single(active, s => s.GetProperty("isSelf").GetBoolean());

            // Each silo's figures are Orleans' own runtime statistics of that silo (IManagementGrain), reachable from any silo.
            foreach (var silo in active)
            {
                Assert.True(silo.GetProperty("activations").GetInt32() >= 0);
                var process = silo.GetProperty("process");
                Assert.Equal(JsonValueKind.Object, process.ValueKind);
                Assert.InRange(process.GetProperty("cpuPercent").GetDouble(), 0, 100);
                Assert.True(process.GetProperty("memoryUsageBytes").GetInt64() > 1024 * 1024, "a silo's heap holds more than 1 MiB");
            }
        }
    }
}
