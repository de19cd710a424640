using OrleansLicense.Client;
using OrleansLicense.Cluster.Tests.Support;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Testing;

namespace OrleansLicense.Cluster.Tests;

/// <summary>
/// Issue #13 item 4: when every gateway of the client is gone (here the only silo, SIGKILLed), a call gets a clear
/// <see cref="LicenseServerException"/> by the session's deadline instead of hanging, and the session is reported lost once.
/// </summary>
public sealed class OrleansClientOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_every_gateway_gone_a_call_fails_clearly_by_the_session_deadline_and_the_session_is_lost_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lone = await LoneSilo.StartAsync([("draw", 2), ("render", 2)], ct);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = lone.OrleansGateway,
            Product = "cad",
            TimeProvider = clock,
            RequestTimeout = TimeSpan.FromSeconds(2),
            GetEnvironmentVariable = _ => null,
        });
        var lost = 0;
        var kicked = 0;
        client.ConnectionLost += (_, _) => Interlocked.Increment(ref lost);
        client.Kicked += (_, _) => Interlocked.Increment(ref kicked);
        var session = await client.LoginAsync([new FeatureRequest("draw", 1)], ct);

        lone.Silo.Kill();
        await lone.Silo.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);

        // The client's clock runs fast, so its back-off reaches the session deadline (timeout 120 s) in real seconds.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ticking = TickAsync(clock, stop.Token);
        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.CheckOutAsync([new FeatureRequest("render", 1)], ct)).WaitAsync(TimeSpan.FromMinutes(2), ct);
        output.WriteLine($"{error.Code}: {error.Message}");
        Assert.Equal(ClientErrorCodes.Unreachable, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains("before the session timeout", error.Message, StringComparison.Ordinal);

        // The heartbeat loop gives up at the same deadline and says so once; nobody kicked the session.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Volatile.Read(ref lost) == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50, ct);
        }

        await stop.CancelAsync();
        await ticking;
        Assert.Equal((1, 0), (Volatile.Read(ref lost), Volatile.Read(ref kicked)));
        Assert.False(client.IsLoggedIn);
    }

    private static async Task TickAsync(ManualClock clock, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                clock.Advance(TimeSpan.FromSeconds(2));
                await Task.Delay(20, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Done.
        }
    }
}
