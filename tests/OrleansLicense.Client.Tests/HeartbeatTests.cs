using OrleansLicense.Client.Events;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Errors;
using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests;

public sealed class HeartbeatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Advancing_by_n_intervals_sends_exactly_n_heartbeats()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var start = cluster.Clock.GetUtcNow();
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        const int n = 5;

        for (var i = 1; i <= n; i++)
        {
            // The loop re-arms its timer only after the previous heartbeat was answered.
            await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
            cluster.Clock.Advance(session.HeartbeatInterval);
            await cluster.Store.WaitForHeartbeatsAsync(i, Ct).WaitAsync(Patience, Ct);
        }

        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        var heartbeats = cluster.Store.Heartbeats;
        Assert.Equal(n, heartbeats.Count);
        Assert.Equal(
            Enumerable.Range(1, n).Select(i => start + (i * session.HeartbeatInterval)),
            heartbeats.Select(h => h.At));
        Assert.All(heartbeats, h => Assert.Equal(200, h.Status));
        Assert.Equal(1, cluster.Clock.PendingTimers);
    }

    [Fact]
    public async Task The_interval_follows_the_server()
    {
        await using var cluster = await StartAsync(1, Ct);
        cluster.Store.TimeoutSeconds = 60;
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());

        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        Assert.Equal(TimeSpan.FromSeconds(30), session.HeartbeatInterval);

        // The administrator raises the timeout to an hour: heartbeats every 10 minutes from the next answer on.
        cluster.Store.TimeoutSeconds = 3600;
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);

        Assert.Equal(TimeSpan.FromMinutes(10), client.Session!.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), cluster.Clock.NextDue);
    }

    [Fact]
    public async Task Kicked_fires_exactly_once_when_the_server_removes_the_session()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var kicks = 0;
        var kicked = new TaskCompletionSource<KickedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Kicked += (_, e) =>
        {
            Interlocked.Increment(ref kicks);
            kicked.TrySetResult(e);
        };
        var session = await client.LoginAsync(Seats("draw", 2), Ct);

        Assert.True(cluster.Store.RemoveSession(session.SessionId));
        Assert.Equal(0, cluster.Store.Used(Product, "draw"));
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);

        var args = await kicked.Task.WaitAsync(Patience, Ct);
        Assert.Equal(session.SessionId, args.SessionId);
        Assert.Equal(ErrorCodes.SessionExpired, args.Code);
        Assert.Equal(cluster.Gateways[0].BaseAddress, args.Server);

        // Heartbeats stopped: more time brings no request and no second event.
        for (var i = 0; i < 3; i++)
        {
            cluster.Clock.Advance(session.HeartbeatInterval);
        }

        Assert.Equal(1, Volatile.Read(ref kicks));
        Assert.Single(cluster.Store.Heartbeats);
        Assert.Equal(410, cluster.Store.Heartbeats[0].Status);
        Assert.Equal(0, cluster.Clock.PendingTimers);
        Assert.False(client.IsLoggedIn);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.CheckOutAsync(Seats("draw", 1), Ct));

        // Logging out of a kicked session is quiet and sends nothing.
        await client.LogoutAsync(Ct);
        Assert.Equal(1, Volatile.Read(ref kicks));
    }

    [Fact]
    public async Task A_410_on_a_call_raises_Kicked_once_and_stops_heartbeats()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var kicks = 0;
        client.Kicked += (_, _) => Interlocked.Increment(ref kicks);
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        cluster.Store.RemoveSession(session.SessionId);

        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.CheckOutAsync(Seats("render", 1), Ct));
        Assert.Equal(ErrorCodes.SessionExpired, error.Code);
        Assert.Equal(410, error.Status);

        cluster.Clock.Advance(session.HeartbeatInterval * 3);
        Assert.Empty(cluster.Store.Heartbeats);
        Assert.Equal(1, Volatile.Read(ref kicks));
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task Retries_stop_at_the_session_timeout_and_raise_ConnectionLost_once()
    {
        await using var cluster = await StartAsync(1, Ct);
        cluster.Store.TimeoutSeconds = 60;
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var losses = 0;
        var lost = new TaskCompletionSource<ConnectionLostEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionLost += (_, e) =>
        {
            Interlocked.Increment(ref losses);
            lost.TrySetResult(e);
        };
        var kicks = 0;
        client.Kicked += (_, _) => Interlocked.Increment(ref kicks);
        var loggedInAt = cluster.Clock.GetUtcNow();
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        var deadline = loggedInAt + session.Timeout;
        cluster.Store.HeartbeatFailureStatus = 500;

        // Step from timer to timer: the first heartbeat, then every back-off delay, until the client gives up.
        for (var step = 0; step < 200 && !lost.Task.IsCompleted; step++)
        {
            var armed = cluster.Clock.WaitForPendingTimersAsync(1, Ct);
            await Task.WhenAny(armed, lost.Task).WaitAsync(Patience, Ct);
            if (cluster.Clock.NextDue is { } due)
            {
                cluster.Clock.Advance(due);
            }
        }

        var args = await lost.Task.WaitAsync(Patience, Ct);
        Assert.Equal(session.SessionId, args.SessionId);
        Assert.Equal(deadline, args.Deadline);
        Assert.Equal(ErrorCodes.InternalError, args.Error.Code);
        Assert.True(args.Error.IsTransient);
        Assert.Equal(deadline, cluster.Clock.GetUtcNow());

        var attempts = cluster.Store.Heartbeats;
        Assert.True(attempts.Count > 2, $"expected several retries, saw {attempts.Count}");
        Assert.All(attempts, a => Assert.True(a.At < deadline, $"a heartbeat was sent at {a.At:O}, not before {deadline:O}"));
        Assert.All(attempts, a => Assert.Equal(500, a.Status));

        // Nothing more after giving up, however long the outage lasts.
        cluster.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(attempts.Count, cluster.Store.Heartbeats.Count);
        Assert.Equal(0, cluster.Clock.PendingTimers);
        Assert.Equal(1, Volatile.Read(ref losses));
        Assert.Equal(0, Volatile.Read(ref kicks));
        Assert.False(client.IsLoggedIn);

        // The fake server timed the session out too, and its seat is back in the pool.
        Assert.Equal(0, cluster.Store.Used(Product, "draw"));
    }

    [Fact]
    public async Task A_short_outage_within_the_timeout_is_ridden_out()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client(cluster.Gateways[0].BaseAddress.ToString());
        var session = await client.LoginAsync(Seats("draw", 1), Ct);
        cluster.Store.HeartbeatFailureStatus = 503;

        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);
        cluster.Clock.Advance(session.HeartbeatInterval);
        await cluster.Store.WaitForHeartbeatsAsync(1, Ct).WaitAsync(Patience, Ct);
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);

        // The server recovers before the back-off delay ends.
        cluster.Store.HeartbeatFailureStatus = null;
        cluster.Clock.Advance(cluster.Clock.NextDue!.Value);
        await cluster.Store.WaitForHeartbeatsAsync(2, Ct).WaitAsync(Patience, Ct);
        await cluster.Clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(Patience, Ct);

        Assert.Equal([503, 200], cluster.Store.Heartbeats.Select(h => h.Status));
        Assert.True(client.IsLoggedIn);
        Assert.Equal(session.HeartbeatInterval, cluster.Clock.NextDue);
    }
}
