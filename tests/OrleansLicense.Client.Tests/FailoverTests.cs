using OrleansLicense.Client.Events;
using OrleansLicense.Client.Tests.Fakes;
using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests;

public sealed class FailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_skips_a_server_that_refuses_connections()
    {
        await using var cluster = await StartAsync(1, Ct);
        var closed = FakeGateway.ClosedPort();
        var live = cluster.Gateways[0];
        var client = cluster.Client($"http://127.0.0.1:{closed},http://127.0.0.1:{live.Port}");
        var changes = 0;
        client.ServerChanged += (_, _) => Interlocked.Increment(ref changes);

        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        Assert.Equal(live.BaseAddress, client.CurrentServer);
        Assert.Equal(new Uri($"http://127.0.0.1:{closed}/"), client.Servers[0]);
        Assert.Equal(1, cluster.Store.Used(Product, "draw"));
        Assert.Equal(0, Volatile.Read(ref changes));

        // Heartbeats go straight to the server that answered.
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        Assert.Equal("A", cluster.Store.Heartbeats[0].Gateway);
    }

    [Fact]
    public async Task The_session_moves_to_the_next_gateway_when_its_server_dies()
    {
        await using var cluster = await StartAsync(2, Ct);
        var (first, second) = (cluster.Gateways[0], cluster.Gateways[1]);
        var client = cluster.Client($"http://127.0.0.1:{first.Port},http://127.0.0.1:{second.Port}");
        var changed = new TaskCompletionSource<ServerChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ServerChanged += (_, e) => changed.TrySetResult(e);
        var kicks = 0;
        client.Kicked += (_, _) => Interlocked.Increment(ref kicks);
        var session = await client.LoginAsync(Seats("draw", 2), Ct);
        Assert.Equal(first.BaseAddress, client.CurrentServer);

        await first.DisposeAsync();
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);

        var args = await changed.Task.WaitAsync(Patience, Ct);
        Assert.Equal(first.BaseAddress, args.OldServer);
        Assert.Equal(second.BaseAddress, args.NewServer);
        Assert.Equal(ServerChangeReason.Failover, args.Reason);
        Assert.Equal(session.SessionId, args.SessionId);
        Assert.Equal(second.BaseAddress, client.CurrentServer);

        // Same session, same seats, heartbeats carry on against the new gateway.
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        Assert.Equal(("B", 200), (cluster.Store.Heartbeats[0].Gateway, cluster.Store.Heartbeats[0].Status));
        Assert.Equal(session.SessionId, client.Session!.SessionId);
        Assert.Equal(2, cluster.Store.Used(Product, "draw"));
        var held = await client.CheckOutAsync(Seats("render", 1), Ct);
        Assert.Equal(3, held.Sum(f => f.Count));

        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await cluster.Store.WaitForHeartbeatsAsync(2, Ct).WaitAsync(Patience, Ct);
        Assert.Equal(("B", 200), (cluster.Store.Heartbeats[1].Gateway, cluster.Store.Heartbeats[1].Status));
        Assert.Equal(0, Volatile.Read(ref kicks));
    }

    [Fact]
    public async Task A_gateway_announced_by_the_cluster_is_used_when_the_only_configured_one_dies()
    {
        await using var cluster = await StartAsync(2, Ct);
        var (first, second) = (cluster.Gateways[0], cluster.Gateways[1]);
        var client = cluster.Client($"http://127.0.0.1:{first.Port}");
        var changed = new TaskCompletionSource<ServerChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ServerChanged += (_, e) => changed.TrySetResult(e);
        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        // The login answer listed both gateways: configured first, announced after.
        Assert.Equal([first.BaseAddress, second.BaseAddress], client.Servers);

        await first.DisposeAsync();
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);

        var args = await changed.Task.WaitAsync(Patience, Ct);
        Assert.Equal(second.BaseAddress, args.NewServer);
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        Assert.Equal("B", cluster.Store.Heartbeats[0].Gateway);
    }

    [Fact]
    public async Task The_client_fails_back_when_the_preferred_server_returns()
    {
        await using var cluster = await StartAsync(2, Ct);
        var (first, second) = (cluster.Gateways[0], cluster.Gateways[1]);
        var client = cluster.Client($"{first.BaseAddress},{second.BaseAddress}");
        var changes = new List<ServerChangedEventArgs>();
        var failedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failedBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ServerChanged += (_, e) =>
        {
            lock (changes)
            {
                changes.Add(e);
            }

            (e.Reason == ServerChangeReason.Failover ? failedOver : failedBack).TrySetResult();
        };
        var session = await client.LoginAsync(Seats("draw", 1), Ct);

        await first.DisposeAsync();
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await failedOver.Task.WaitAsync(Patience, Ct);
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);

        // The preferred silo comes back on its old port; after the next heartbeat the client returns to it.
        var restarted = await cluster.StartGatewayAsync("A2", Ct, first.Port);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await failedBack.Task.WaitAsync(Patience, Ct);
        Assert.Equal(restarted.BaseAddress, client.CurrentServer);

        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await cluster.Store.WaitForHeartbeatsAsync(3, Ct).WaitAsync(Patience, Ct);

        Assert.Equal(["B", "B", "A2"], cluster.Store.Heartbeats.Select(h => h.Gateway));
        lock (changes)
        {
            Assert.Equal(
                [(first.BaseAddress, second.BaseAddress, ServerChangeReason.Failover), (second.BaseAddress, first.BaseAddress, ServerChangeReason.Failback)],
                changes.Select(c => (c.OldServer, c.NewServer, c.Reason)));
        }
    }
}
