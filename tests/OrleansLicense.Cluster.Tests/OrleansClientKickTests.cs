using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansLicense.Client;
using OrleansLicense.Client.Events;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Serialization;
using OrleansLicense.Testing;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue #13 item 3: an administrator removing a session reaches the client through a grain observer within a second,
/// <c>Kicked</c> fires exactly once, and the heartbeat's answer says "kicked" too for a client the push missed.
/// </summary>
public sealed class OrleansClientKickTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_admin_removal_raises_Kicked_once_within_a_second_and_the_heartbeat_says_kicked_too()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lone = await LoneSilo.StartAsync([("draw", 2)], ct);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = lone.OrleansGateway,
            Product = "cad",
            TimeProvider = clock,
            GetEnvironmentVariable = _ => null,
        });
        var kicks = new List<KickedEventArgs>();
        var kicked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Kicked += (_, e) =>
        {
            lock (kicks)
            {
                kicks.Add(e);
            }

            kicked.TrySetResult();
        };
        var session = await client.LoginAsync([new FeatureRequest("draw", 1)], ct);

        // One heartbeat first, as a client in use would have made (it renews the subscription too).
        clock.Advance(session.HeartbeatInterval);
        await WaitForHeartbeatAsync(lone, session.SessionId, ct);

        var watch = Stopwatch.StartNew();
        using (var removed = await lone.Silo.Http.SendAsync(lone.Silo.Admin(HttpMethod.Delete, $"/api/v1/admin/sessions/{session.SessionId}"), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        await kicked.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        output.WriteLine($"Kicked {watch.Elapsed.TotalMilliseconds:0} ms after the removal was answered");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Kicked came {watch.Elapsed.TotalMilliseconds:0} ms after the removal");
        Assert.False(client.IsLoggedIn);

        // Later heartbeat times pass: nothing more is raised.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(session.HeartbeatInterval);
            await Task.Delay(100, ct);
        }

        lock (kicks)
        {
            var kick = Assert.Single(kicks);
            Assert.Equal((session.SessionId, ErrorCodes.SessionExpired), (kick.SessionId, kick.Code));
        }

        // A client the push missed learns it from its heartbeat's answer: the session is kicked.
        using var plain = await ConnectAsync(lone.Silo.GatewayPort, ct);
        var answer = await plain.Services.GetRequiredService<IClusterClient>().GetGrain<IClientGatewayGrain>(IClientGatewayGrain.Key).Heartbeat(session.SessionId, null);
        Assert.True(answer.Kicked);
        Assert.Equal(lone.OrleansGateway, answer.Gateway);

        // The session's own heartbeat (one grain call, what the library sends) says the same.
        var direct = await plain.Services.GetRequiredService<IClusterClient>().GetGrain<ISessionClientGrain>(session.SessionId).Heartbeat(null);
        Assert.True(direct.Kicked);
        Assert.Equal(lone.OrleansGateway, direct.Gateway);
        Assert.Equal(0, Assert.Single((await lone.LicenseAsync(ct)).Features).Used);
    }

    [Fact]
    public async Task The_sessions_own_heartbeat_renews_a_live_session_and_refuses_unknown_and_malformed_ids_as_the_http_api_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lone = await LoneSilo.StartAsync([("draw", 2)], ct);
        using var login = await lone.Silo.Http.PostAsJsonAsync("/api/v1/sessions", new LoginRequest("cad", [new FeatureRequest("draw", 1)], null), ct);
        Assert.Equal(HttpStatusCode.Created, login.StatusCode);
        var sessionId = (await login.Content.ReadFromJsonAsync<LoginResponse>(ct))!.SessionId;
        using var plain = await ConnectAsync(lone.Silo.GatewayPort, ct);
        var grains = plain.Services.GetRequiredService<IClusterClient>();

        var beat = await grains.GetGrain<ISessionClientGrain>(sessionId).Heartbeat(null);
        Assert.False(beat.Kicked);
        Assert.True(beat.TimeoutSeconds > 0 && beat.HeartbeatIntervalSeconds > 0);
        Assert.Equal(lone.OrleansGateway, beat.Gateway);
        Assert.Contains(await lone.SessionsAsync(ct), s => s.SessionId == sessionId && s.LastHeartbeat > s.Since);

        foreach (var unknown in new[] { "0123456789abcdef0123456789abcdef", "not a session id!" })
        {
            var refused = await Assert.ThrowsAsync<ClientCallException>(() => grains.GetGrain<ISessionClientGrain>(unknown).Heartbeat(null));
            Assert.Equal((ErrorCodes.NotFound, 404), (refused.Code, refused.Status));
        }

        Assert.Equal(1, Assert.Single((await lone.LicenseAsync(ct)).Features).Used);
    }

    private static async Task WaitForHeartbeatAsync(LoneSilo lone, string sessionId, CancellationToken ct)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < until)
        {
            var listed = (await lone.SessionsAsync(ct)).Single(s => s.SessionId == sessionId);
            if (listed.LastHeartbeat > listed.Since)
            {
                return;
            }

            await Task.Delay(50, ct);
        }

        Assert.Fail("The client's heartbeat did not arrive.");
    }

    private static async Task<IHost> ConnectAsync(int gatewayPort, CancellationToken ct)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("default", "orleans-license"));
                client.Services.AddLicenseSerialization();
            })
            .Build();
        await host.StartAsync(ct);
        return host;
    }
}
