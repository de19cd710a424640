using System.Diagnostics;
using System.Net;
using OrleansLicense.Cluster.Tests.Support;

namespace OrleansLicense.Cluster.Tests.Triad;

/// <summary>
/// The triad with real processes (R-TRI-1, R-TRI-2): three silo processes on one PostgreSQL made a triad; the primary is
/// killed with SIGKILL under load, the secondary becomes active within 5 s with no seat over-granted and no session lost;
/// the primary comes back and takes control again with the seats intact.
/// </summary>
public sealed class TriadFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Seats = 12;

    /// <summary>The seed's failover ceiling (ours: under 5 s; FlexNet's about 79 s).</summary>
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task R_TRI_2_the_secondary_takes_over_within_5_s_and_hands_back_to_the_returning_primary()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        output.WriteLine($"data: {cluster.Folder}");
        var (primary, secondary, tertiary) = (cluster.Silos[0]!, cluster.Silos[1]!, cluster.Silos[2]!);
        var (created, body) = await TriadAdmin.CreateAsync(secondary, TriadAdmin.Address(primary), TriadAdmin.Address(secondary), TriadAdmin.Address(tertiary), [TriadAdmin.License(cluster, "T1", Seats)], ct);
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        foreach (var silo in new[] { primary, secondary, tertiary })
        {
            await TriadAdmin.WaitForActiveAsync(silo, TriadAdmin.Address(primary), TimeSpan.FromSeconds(5), ct);
        }

        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) };
        var holders = Enumerable.Range(0, 5).Select(i => new VirtualClient(cluster.Gateways, i, handler)).ToList();
        foreach (var holder in holders)
        {
            Assert.True(await holder.LoginAsync("cad", "draw", ct));

            // The first heartbeat activates the session's grain (a login alone activates none).
            await holder.HeartbeatAsync(ct);
        }

        // Only the active silo hosts seat pools and sessions, whichever gateway the clients used.
        output.WriteLine($"before: {await TriadAdmin.WaitForLicenseGrainsOnAsync(tertiary, TriadAdmin.Address(primary), TimeSpan.FromSeconds(10), ct)}");
        var cyclers = Enumerable.Range(5, 10).Select(i => new VirtualClient(cluster.Gateways, i, handler)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = Task.WhenAll(SeatChurn.Loops(holders, cyclers, "cad", "draw", stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var killedAt = Stopwatch.StartNew();
        primary.Kill();
        await primary.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);
        await TriadAdmin.WaitForActiveAsync(secondary, TriadAdmin.Address(secondary), TimeSpan.FromSeconds(20), ct);
        var failover = killedAt.Elapsed;
        await TriadAdmin.WaitForActiveAsync(tertiary, TriadAdmin.Address(secondary), TimeSpan.FromSeconds(5), ct);
        output.WriteLine($"triad failover: the secondary active {failover.TotalSeconds:0.00} s after SIGKILL of the primary");

        // Serve through the secondary for a while, then bring the primary back.
        output.WriteLine($"after failover: {await TriadAdmin.WaitForLicenseGrainsOnAsync(tertiary, TriadAdmin.Address(secondary), TimeSpan.FromSeconds(10), ct)}");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await cluster.StartSiloAsync(0, ct);
        var returned = cluster.Silos[0]!;
        var failback = await TriadAdmin.WaitForActiveAsync(secondary, TriadAdmin.Address(returned), TimeSpan.FromSeconds(20), ct);
        output.WriteLine($"failback: the returned primary active {failback.TotalSeconds:0.00} s after it served");
        output.WriteLine($"after failback: {await TriadAdmin.WaitForLicenseGrainsOnAsync(tertiary, TriadAdmin.Address(returned), TimeSpan.FromSeconds(20), ct)}");
        await stop.CancelAsync();
        await load;

        // No over-grant: a replay of every stored seat event.
        var (maxUsed, finalUsed, events) = await SeatEventLog.ReplayAsync(cluster.ConnectionString, "T1", "draw", ct);
        output.WriteLine($"events {events}, max used {maxUsed}, final {finalUsed}; worst client gap {holders.Concat(cyclers).Max(c => c.WorstGap).TotalSeconds:0.00} s");
        Assert.InRange(maxUsed, 1, Seats);
        Assert.True(events > 30, $"only {events} seat events: the load did not run");

        // No session lost: every holder heartbeated through failover and failback and still holds its seat.
        Assert.All(holders, h => Assert.False(h.Kicked, "a heartbeating client was kicked"));
        foreach (var holder in holders)
        {
            await holder.HeartbeatAsync(ct);
            Assert.False(holder.Kicked);
        }

        var license = await cluster.LicenseAsync("T1", ct);
        Assert.InRange(license.Features.Single().Used, holders.Count, Seats);
        Assert.True(failover <= FailoverLimit, $"the secondary became active {failover.TotalSeconds:0.00} s after the primary died (limit {FailoverLimit.TotalSeconds} s)");
    }
}
