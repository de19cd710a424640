using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>R-SESS-6: a login that finds no free seat may wait in the seat queue, with a deadline; R-SESS-2 holds meanwhile.</summary>
public sealed class SeatQueueTests : SiloTestBase
{
    private IFeatureGrain Pool => Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));

    [Fact]
    public async Task A_queued_login_gets_the_seat_the_holder_gives_back()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));

        var queued = Silo.LoginQueued("s2", "cad", queueSeconds: 10, ("draw", 1));
        Assert.True(await Eventually(async () => await Pool.CountQueued() == 1));
        Assert.False(queued.IsCompleted);

        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);

        var granted = await queued;
        Assert.Equal("L1", granted.LicenseId);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        Assert.Equal(0, await Pool.CountQueued());
    }

    [Fact]
    public async Task A_queued_login_whose_wait_ends_is_refused_with_seats_exhausted()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var queued = Silo.LoginQueued("s2", "cad", queueSeconds: 5, ("draw", 1));
        Assert.True(await Eventually(async () => await Pool.CountQueued() == 1));

        Silo.Clock.Advance(TimeSpan.FromSeconds(6));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => queued);
        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        Assert.Equal(0, await Pool.CountQueued());
        Assert.Null(await Silo.Grains.GetGrain<ISessionGrain>("s2").GetInfo());
    }

    [Fact]
    public async Task One_seat_given_back_serves_one_of_several_queued_logins_and_never_more()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var queued = new[] { "q1", "q2", "q3" }.Select(id => Silo.LoginQueued(id, "cad", queueSeconds: 10, ("draw", 1))).ToList();
        Assert.True(await Eventually(async () => await Pool.CountQueued() == 3));

        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        var first = await Task.WhenAny(queued);
        await first;

        // The other two go back to waiting: the pool holds one seat and grants one.
        Assert.True(await Eventually(async () => await Pool.CountQueued() == 2));
        Assert.Equal(1, queued.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        Silo.Clock.Advance(TimeSpan.FromSeconds(11));
        foreach (var waiting in queued.Where(t => t != first))
        {
            Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => waiting)).Code);
        }

        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_seat_freed_by_an_expired_lease_serves_a_queued_login()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        Silo.Clock.Advance(TimeSpan.FromSeconds(110));
        var queued = Silo.LoginQueued("s2", "cad", queueSeconds: 20, ("draw", 1));
        Assert.True(await Eventually(async () => await Pool.CountQueued() == 1));

        // s1 never heartbeats: its 120 s lease runs out while s2 waits.
        Silo.Clock.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("L1", (await queued).LicenseId);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        var kicked = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None));
        Assert.Equal(ErrorCodes.SessionExpired, kicked.Code);
    }

    [Fact]
    public async Task Without_a_queue_a_full_feature_refuses_at_once()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.LoginQueued("s2", "cad", queueSeconds: 0, ("draw", 1)));

        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Equal(0, await Pool.CountQueued());
    }
}
