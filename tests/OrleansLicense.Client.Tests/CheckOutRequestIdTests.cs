using static OrleansLicense.Client.Tests.Fakes.TestCluster;

namespace OrleansLicense.Client.Tests;

/// <summary>R-SESS-1 with retries: every check-out carries its own request id, so the server can tell a retry from a new check-out.</summary>
public sealed class CheckOutRequestIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_check_out_sends_a_request_id_of_its_own()
    {
        await using var cluster = await StartAsync(1, Ct);
        var client = cluster.Client($"http://127.0.0.1:{cluster.Gateways[0].Port}");
        await client.LoginAsync(Seats("draw", 1), Ct);

        await client.CheckOutAsync(Seats("render", 1), Ct);
        await client.CheckOutAsync(Seats("render", 1), Ct);

        var ids = cluster.Store.CheckOutRequestIds;
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id!));
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(2, cluster.Store.Used(Product, "render"));
    }
}
