using OrleansLicense.Grains.Cluster;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Testing;

namespace OrleansLicense.Grains.Tests.Cluster;

/// <summary>
/// First writer wins through version fencing (R-CL-1): two silos on one store, each with its own activation of
/// the cluster secrets grain. An activation that did not see the other's write loses its own write
/// (InconsistentStateException); the runtime retries on a fresh activation, which answers the stored winner.
/// </summary>
public sealed class ClusterSecretsFencingTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("olic-grains");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stale_activation_loses_its_write_and_answers_the_stored_winner()
    {
        var clock = new ManualClock();
        var vendor = VendorKeyPair.Generate();
        await using var a = await LicenseSilo.StartAsync(_dir.File("olic.db"), clock, vendor);
        await using var b = await LicenseSilo.StartAsync(_dir.File("olic.db"), clock, vendor);
        var onA = a.Grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key);
        var onB = b.Grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key);

        // A's activation stores a token; B's, activated after, stores a key on top of it.
        Assert.Equal("token-a", await onA.OfferAdminToken("token-a", Ct));
        Assert.Equal("key-b", await onB.OfferServerKey("key-b", Ct));

        // A's activation still holds the state without B's key: its write is fenced off, and the retry reads B's.
        Assert.Equal("key-b", await onA.OfferServerKey("key-a", Ct));
        Assert.Equal("key-b", await onB.OfferServerKey("key-a", Ct));
        Assert.Equal("token-a", await onB.OfferAdminToken("token-b", Ct));
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
