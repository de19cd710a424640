using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Testing;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// R-CL-1 when the shared store itself fails: two silo processes on a PostgreSQL that is stopped abruptly
/// (<c>pg_ctl stop -m immediate</c>, every connection cut) under a logged-in, heartbeating client, then started
/// again on the same port and data folder. While the database is gone no silo exits and none is voted dead (the
/// silos must not evict each other because the database failed), a new login answers a 5xx problem quickly rather
/// than a 201 for a seat that was not stored or a hang, a logout (a seat release to store) fails the same way and
/// leaves the seat held, and the held session keeps heartbeating through every gateway (heartbeats do not write). Once the database is back, logins work again without restarting a silo, every silo is still Active and
/// the seat count is exactly the sessions that hold seats.
/// </summary>
/// <remarks>
/// The test owns a PostgreSQL of its own: stopping the assembly's shared one would break the tests running beside
/// it. An external server (<see cref="PostgresServer.EnvironmentVariable"/>) cannot be stopped, so the test skips.
/// </remarks>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int Seats = 3;

    /// <summary>Long enough for several probe, refresh and IAmAlive periods (0.5–1 s in the harness) to fail.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    /// <summary>A call that fails on a missing database must answer well inside the runtime's 30 s call timeout.</summary>
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(15);

    /// <summary>How long the grid may take to serve logins again once the database accepts connections.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Losing_the_database_fails_writes_kills_no_silo_and_the_grid_recovers_when_it_returns()
    {
        Assert.SkipWhen(
            !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable)),
            "An external PostgreSQL is configured; the test must stop and start its own.");
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        await using var postgres = await PostgresServer.StartAsync(cancellationToken: ct);
        await using var cluster = await ClusterHarness.StartAsync(postgres, 2, ct);
        output.WriteLine($"data: {cluster.Folder}; grid up after {total.Elapsed.TotalSeconds:0.0} s");
        await cluster.ImportLicenseAsync("L1", "cad", [("draw", Seats)], ct);
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = CallLimit };

        var holder = new VirtualClient(cluster.Gateways, 0, handler);
        Assert.True(await holder.LoginAsync("cad", "draw", ct));
        await holder.HeartbeatAsync(ct);
        var leaver = new VirtualClient(cluster.Gateways, 1, handler);
        Assert.True(await leaver.LoginAsync("cad", "draw", ct));

        output.WriteLine($"used before the outage: {(await cluster.LicenseAsync("L1", ct)).Features.Single().Used}");

        // The database goes away at once, as in a crash: no connection is closed politely.
        var stoppedAt = Stopwatch.StartNew();
        await postgres.StopAsync(immediate: true, ct);
        output.WriteLine($"PostgreSQL stopped (immediate) in {stoppedAt.Elapsed.TotalMilliseconds:0} ms");

        // A new login on each gateway must fail fast with 503 (retry), not 201: its seat cannot be stored.
        // A logout must store the seat's release: it fails too, and the seat stays held (not released in memory only).
        foreach (var gateway in cluster.Gateways)
        {
            await AssertStoreUnavailableAsync("login", gateway, () => http.SendAsync(LoginRequest(gateway, 1), ct), ct);
            await AssertStoreUnavailableAsync("logout", gateway, () => http.DeleteAsync(new Uri($"{gateway}/api/v1/sessions/{leaver.SessionId}"), ct), ct);
        }

        // Through the outage the held session heartbeats (heartbeats do not write) on every gateway, and the
        // membership loops (probe, refresh, IAmAlive) keep failing against the missing table. No silo may leave.
        var heartbeats = 0;
        var worstHeartbeat = TimeSpan.Zero;
        while (stoppedAt.Elapsed < Outage)
        {
            foreach (var gateway in cluster.Gateways)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsync(new Uri($"{gateway}/api/v1/sessions/{holder.SessionId}/heartbeat"), null, ct);
                worstHeartbeat = watch.Elapsed > worstHeartbeat ? watch.Elapsed : worstHeartbeat;
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"a heartbeat during the outage via {gateway} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                heartbeats++;
            }

            Assert.All(cluster.Silos, s => Assert.False(s!.HasExited, $"silo {s.HttpPort} exited with {(s.HasExited ? s.ExitCode : 0)} while the database was down"));
            await Task.Delay(250, ct);
        }

        output.WriteLine($"{heartbeats} heartbeats answered 200 during the outage, slowest {worstHeartbeat.TotalMilliseconds:0} ms");

        var restartedAt = Stopwatch.StartNew();
        await postgres.StartAgainAsync(ct);
        output.WriteLine($"PostgreSQL started again in {restartedAt.Elapsed.TotalMilliseconds:0} ms (outage {stoppedAt.Elapsed.TotalSeconds:0.0} s)");

        // Polled, bounded: pooled connections broken by the crash are found and replaced on use.
        var recovered = Stopwatch.StartNew();
        string? newSession = null;
        var attempts = 0;
        while (newSession is null)
        {
            Assert.True(recovered.Elapsed < RecoveryLimit, $"no login succeeded within {RecoveryLimit.TotalSeconds} s of the database's return ({attempts} attempts)");
            attempts++;
            using var response = await http.SendAsync(LoginRequest(cluster.Gateways[attempts % cluster.Gateways.Count], 2), ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                newSession = (await response.Content.ReadFromJsonAsync<LoginResponse>(ct))!.SessionId;
                break;
            }

            Assert.True((int)response.StatusCode >= 500, $"a login after the outage answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            await Task.Delay(100, ct);
        }

        output.WriteLine($"first login after the return succeeded after {recovered.Elapsed.TotalMilliseconds:0} ms ({attempts} attempts)");

        // No restart happened: the same processes serve, and each sees both silos Active, none Dead.
        Assert.All(cluster.Silos, s => Assert.False(s!.HasExited, $"silo {s.HttpPort} exited"));
        foreach (var silo in cluster.Silos.Select(s => s!))
        {
            var status = await silo.StatusAsync(ct);
            output.WriteLine($"status via {silo.HttpPort}: {string.Join(", ", status.Silos.Select(s => $"{s.Address}={s.Status}"))}");
            Assert.Equal(2, status.Silos.Count(s => s.Status == "active"));
            Assert.DoesNotContain(status.Silos, s => s.Status == "dead");
        }

        // The holder kept its seat, and the logins refused during the outage hold none: used = 2 (holder and the new one),
        // both in the live count and in a replay of the stored seat events.
        await holder.HeartbeatAsync(ct);
        Assert.False(holder.Kicked, "the held session was lost over the outage");
        await leaver.HeartbeatAsync(ct);
        Assert.False(leaver.Kicked, "the session whose logout failed was lost over the outage");
        var usedBeforeLogout = (await cluster.LicenseAsync("L1", ct)).Features.Single().Used;
        output.WriteLine($"used before the retried logout: {usedBeforeLogout}");
        Assert.Equal(3, usedBeforeLogout);
        await leaver.LogoutAsync(ct);
        var feature = (await cluster.LicenseAsync("L1", ct)).Features.Single();
        var (maxUsed, finalUsed, events) = await SeatEventLog.ReplayAsync(cluster.ConnectionString, "L1", "draw", ct);
        output.WriteLine($"used {feature.Used} of {feature.Seats}; stored events {events}, replayed used {finalUsed} (max {maxUsed}); test took {total.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(2, feature.Used);
        Assert.Equal(2, finalUsed);
    }

    // A call that must write answers 503 internal_error with Retry-After while the store is down, and fast.
    private async Task AssertStoreUnavailableAsync(string what, string gateway, Func<Task<HttpResponseMessage>> call, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var response = await call();
        var body = await response.Content.ReadAsStringAsync(ct);
        output.WriteLine($"{what} during the outage via {gateway}: {(int)response.StatusCode} after {watch.Elapsed.TotalMilliseconds:0} ms: {Shorten(body)}");
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"a {what} without a database answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"internal_error\"", body, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter is not null, "a store outage tells the client to retry");
    }

    private static HttpRequestMessage LoginRequest(string gateway, int user) => new(HttpMethod.Post, new Uri($"{gateway}/api/v1/sessions"))
    {
        Content = JsonContent.Create(new LoginRequest("cad", [new FeatureRequest("draw", 1)], new ClientInfo($"user{user}", "test", "outage-test", null))),
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
