using OrleansLicense.Grains.Cluster;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Cluster;

/// <summary>
/// The cluster's shared server key and admin token (R-CL-1, R-CL-3, R-BOR-4): the first value offered is kept,
/// durably, and every later offer is answered with it, whatever it offers.
/// </summary>
public sealed class ClusterSecretsTests : SiloTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IClusterSecretsGrain Secrets => Silo.Grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key);

    [Fact]
    public async Task The_first_offer_wins_and_a_later_different_offer_gets_the_first_back()
    {
        Assert.Equal("key-of-silo-a", await Secrets.OfferServerKey("key-of-silo-a", Ct));
        Assert.Equal("key-of-silo-a", await Secrets.OfferServerKey("key-of-silo-b", Ct));
        Assert.Equal("key-of-silo-a", await Secrets.OfferServerKey("key-of-silo-a", Ct));

        // The token is kept on its own: a silo whose key lost may still be the first to offer a token.
        Assert.Equal("token-of-silo-b", await Secrets.OfferAdminToken("token-of-silo-b", Ct));
        Assert.Equal("token-of-silo-b", await Secrets.OfferAdminToken("token-of-silo-a", Ct));
    }

    [Fact]
    public async Task The_kept_values_survive_a_restart()
    {
        await Secrets.OfferServerKey("first-key", Ct);
        await Secrets.OfferAdminToken("first-token", Ct);

        await RestartAsync();

        Assert.Equal("first-key", await Secrets.OfferServerKey("another-key", Ct));
        Assert.Equal("first-token", await Secrets.OfferAdminToken("another-token", Ct));
    }

    [Fact]
    public async Task Offers_made_at_once_are_all_answered_the_same_one_of_them()
    {
        var offers = Enumerable.Range(0, 8).Select(i => $"token-{i}").ToList();

        var answers = await Task.WhenAll(offers.Select(o => Secrets.OfferAdminToken(o, Ct)));

        Assert.Single(answers.Distinct());
        Assert.Contains(answers[0], offers);
    }

    [Fact]
    public async Task An_empty_offer_is_refused_and_keeps_nothing()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Secrets.OfferAdminToken(" ", Ct));

        Assert.Equal("real-token", await Secrets.OfferAdminToken("real-token", Ct));
    }
}
