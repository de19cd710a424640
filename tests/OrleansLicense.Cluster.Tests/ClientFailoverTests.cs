using OrleansLicense.Client;
using OrleansLicense.Client.Events;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Testing;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue 4 on a real grid (R-CLI-1, R-CLI-3, R-CL-3): the client library's session survives the
/// death of the silo it talks to — it moves to another gateway, keeps its session id and seats,
/// raises ServerChanged, and is never kicked.
/// </summary>
public sealed class ClientFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task The_client_keeps_its_session_when_its_silo_is_killed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, 3, ct);
        await cluster.ImportLicenseAsync("L1", "cad", [("draw", 3)], ct);

        // The manual clock drives the client's heartbeats and back-off, so the test needs no 30 s waits.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = string.Join(",", cluster.Gateways),
            Product = "cad",
            TimeProvider = clock,
            GetEnvironmentVariable = _ => null,
        });
        var changed = new TaskCompletionSource<ServerChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var kicked = 0;
        client.ServerChanged += (_, e) => changed.TrySetResult(e);
        client.Kicked += (_, _) => Interlocked.Increment(ref kicked);

        var session = await client.LoginAsync([new FeatureRequest("draw", 1)], ct);
        var first = client.CurrentServer!;
        var victim = cluster.Silos.Single(s => s!.BaseUrl == first.GetLeftPart(UriPartial.Authority))!;
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);

        // Advance the client's clock a heartbeat interval at a time until it has moved.
        for (var i = 0; i < 200 && !changed.Task.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(session.HeartbeatInterval.TotalSeconds));
            await Task.WhenAny(changed.Task, Task.Delay(100, ct));
        }

        var change = await changed.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
        output.WriteLine($"moved from {change.OldServer} to {change.NewServer} ({change.Reason})");
        Assert.Equal(session.SessionId, change.SessionId);
        Assert.NotEqual(first, client.CurrentServer);
        Assert.Equal(session.SessionId, client.Session!.SessionId);
        Assert.Equal(0, kicked);
        var license = await cluster.LicenseAsync("L1", ct);
        Assert.Equal(1, license.Features.Single().Used);

        await client.LogoutAsync(ct);
        Assert.Equal(0, (await cluster.LicenseAsync("L1", ct)).Features.Single().Used);
    }
}
