using OrleansLicense.Client.Events;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests;

public sealed class SessionLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_heartbeat_checkout_checkin_and_logout_round_trip()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client($"http://127.0.0.1:{cluster.Gateways[0].Port}");
        var kicked = 0;
        client.Kicked += (_, _) => Interlocked.Increment(ref kicked);

        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        Assert.True(client.IsLoggedIn);
        Assert.Equal(cluster.Gateways[0].BaseAddress, client.CurrentServer);
        Assert.Equal([new FeatureRequest("draw", 1)], session.Features);
        Assert.Equal(TimeSpan.FromSeconds(120), session.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), session.HeartbeatInterval);
        Assert.Equal("fake-cluster", session.ClusterId);
        Assert.Equal(1, cluster.Store.Used(Product, "draw"));

        var held = await client.CheckOutAsync(Seats("render", 2), Ct);
        Assert.Equal(2, cluster.Store.Used(Product, "render"));
        Assert.Contains(new FeatureRequest("render", 2), held);
        Assert.Contains(new FeatureRequest("draw", 1), held);

        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        Assert.Equal(200, cluster.Store.Heartbeats[0].Status);
        Assert.Equal(session.SessionId, cluster.Store.Heartbeats[0].SessionId);

        await client.CheckInAsync("render", Ct);
        Assert.Equal(0, cluster.Store.Used(Product, "render"));
        Assert.Equal([new FeatureRequest("draw", 1)], client.Session!.Features);

        await client.LogoutAsync(Ct);
        Assert.False(client.IsLoggedIn);
        Assert.Null(client.Session);
        Assert.Equal(0, cluster.Store.SessionCount);
        Assert.Equal(0, cluster.Store.Used(Product, "draw"));

        await client.LogoutAsync(Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.CheckOutAsync(Seats("draw", 1), Ct));
        Assert.Equal(0, kicked);
    }

    [Fact]
    public async Task A_client_can_log_in_again_after_logging_out()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());

        var first = await client.LoginAsync(Seats("draw", 1), Ct);
        await client.LogoutAsync(Ct);
        var second = await client.LoginAsync(Product, Seats("draw", 2), Ct);

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(2, cluster.Store.Used(Product, "draw"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.LoginAsync(Seats("draw", 1), Ct));
    }

    [Fact]
    public async Task Seats_exhausted_surfaces_with_its_code_and_takes_nothing()
    {
        await using var cluster = await StartAsync(1, Ct);
        var servers = cluster.Gateways[0].BaseAddress.ToString();
        var first = cluster.Client(servers);
        var second = cluster.Client(servers);
        await first.LoginAsync(Seats("render", 2), Ct);

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => second.LoginAsync(Seats("render", 1), Ct));

        Assert.Equal(ErrorCodes.SeatsExhausted, error.Code);
        Assert.Equal(409, error.Status);
        Assert.False(error.IsTransient);
        Assert.Contains("render", error.Detail, StringComparison.Ordinal);
        Assert.False(second.IsLoggedIn);
        Assert.Equal(2, cluster.Store.LoginRequests);

        // All or none within a session too: draw is free, render is not, so neither is taken.
        var again = await Assert.ThrowsAsync<LicenseServerException>(() =>
            first.CheckOutAsync([new FeatureRequest("draw", 1), new FeatureRequest("render", 1)], Ct));
        Assert.Equal(ErrorCodes.SeatsExhausted, again.Code);
        Assert.Equal(0, cluster.Store.Used(Product, "draw"));
        Assert.True(first.IsLoggedIn);
    }

    [Fact]
    public async Task Maintenance_is_final_for_login_no_retry_no_failover()
    {
        await using var cluster = await StartAsync(2, Ct);
        cluster.Store.Maintenance = true;
        var client = cluster.Client($"{cluster.Gateways[0].BaseAddress},{cluster.Gateways[1].BaseAddress}");

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.LoginAsync(Seats("draw", 1), Ct));

        Assert.Equal(ErrorCodes.Maintenance, error.Code);
        Assert.Equal(503, error.Status);
        Assert.False(error.IsTransient);
        Assert.Equal(1, cluster.Store.LoginRequests);
        Assert.Equal(0, cluster.Clock.PendingTimers);
    }

    [Fact]
    public async Task Unknown_product_is_not_found()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.LoginAsync("no-such-product", Seats("draw", 1), Ct));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_transient_login_failure_is_retried_after_a_back_off()
    {
        await using var cluster = await StartAsync(1, Ct);
        cluster.Store.FailNextLogins(1);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());

        var login = client.LoginAsync(Seats("draw", 1), Ct);
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        Assert.False(login.IsCompleted);
        cluster.Clock.Advance(cluster.Clock.NextDue!.Value);
        await login.WaitAsync(Patience, Ct);

        Assert.Equal(2, cluster.Store.LoginRequests);
        Assert.True(client.IsLoggedIn);

        // The retry carries the first attempt's request id, so a server that did take the seats
        // answers the same session instead of taking more; the next login has an id of its own.
        await client.LogoutAsync(Ct);
        await client.LoginAsync(Seats("draw", 1), Ct);
        var ids = cluster.Store.LoginRequestIds;
        Assert.Equal(3, ids.Count);
        Assert.Matches("^[0-9a-f]{32}$", ids[0]!);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[1], ids[2]);
    }

    [Fact]
    public async Task Login_gives_up_after_its_retry_rounds_with_the_servers_code()
    {
        await using var cluster = await StartAsync(1, Ct);
        cluster.Store.FailNextLogins(10);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString(), o => o.LoginRetryAttempts = 2);

        var login = client.LoginAsync(Seats("draw", 1), Ct);
        for (var round = 0; round < 2; round++)
        {
            await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
            cluster.Clock.Advance(cluster.Clock.NextDue!.Value);
        }

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => login.WaitAsync(Patience, Ct));
        Assert.Equal(ErrorCodes.InternalError, error.Code);
        Assert.True(error.IsTransient);
        Assert.Equal(3, cluster.Store.LoginRequests);
    }

    [Fact]
    public async Task No_server_answering_is_server_unreachable()
    {
        await using var cluster = await StartAsync(0, Ct);
        var client = cluster.Client($"http://127.0.0.1:{FakeGateway.ClosedPort()}", o => o.LoginRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.LoginAsync(Seats("draw", 1), Ct));

        Assert.Equal(ClientErrorCodes.Unreachable, error.Code);
        Assert.Equal(0, error.Status);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Disposing_the_client_logs_out()
    {
        await using var cluster = await StartAsync(1, Ct);
        await using (var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString()))
        {
            await client.LoginAsync(Seats("draw", 3), Ct);
            Assert.Equal(3, cluster.Store.Used(Product, "draw"));
        }

        Assert.Equal(0, cluster.Store.SessionCount);
        Assert.Equal(0, cluster.Clock.PendingTimers);
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_stop_the_others()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var heard = new TaskCompletionSource<KickedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Kicked += (_, _) => throw new InvalidOperationException("a vendor's bug");
        client.Kicked += (_, e) => heard.TrySetResult(e);
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        cluster.Store.RemoveSession(session.SessionId);

        await Assert.ThrowsAsync<LicenseServerException>(() => client.CheckInAsync("draw", Ct));

        Assert.Equal(session.SessionId, (await heard.Task.WaitAsync(Patience, Ct)).SessionId);
    }
}
