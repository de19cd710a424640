using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Sessions;
using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests;

/// <summary>R-SESS-6: the client asks the server to queue its login when told to, within the server's limit.</summary>
public sealed class SeatQueueOptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_carries_the_queue_wait_only_when_one_is_set()
    {
        await using var cluster = await StartAsync(1, Ct);
        var servers = $"http://127.0.0.1:{cluster.Gateways[0].Port}";

        var queued = cluster.Client(servers, o => o.QueueSeconds = 7);
        await queued.LoginAsync(Seats("draw", 1), Ct);
        Assert.Equal(7, cluster.Store.LastQueueSeconds);

        var plain = cluster.Client(servers);
        await plain.LoginAsync(Seats("draw", 1), Ct);
        Assert.Null(cluster.Store.LastQueueSeconds);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(SessionLimits.MaxQueueSeconds + 1)]
    public void A_queue_wait_outside_the_server_limit_is_refused_up_front(int seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LicenseClient(new LicenseClientOptions
        {
            Servers = "olic://127.0.0.1:1",
            Product = Product,
            QueueSeconds = seconds,
        }));

        Assert.Equal(nameof(LicenseClientOptions.QueueSeconds), error.ParamName);
    }
}
