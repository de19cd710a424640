using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// Issue 14, item 8 (R-SESS-5): a session whose last feature was checked in stays listed, with no seats, for as long
/// as it heartbeats; it is kicked after the timeout when its heartbeats stop, and it leaves the list when it ends.
/// </summary>
public sealed class SeatlessSessionTests : SiloTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_that_checked_in_its_last_feature_is_still_listed_with_no_seats()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        await session.CheckIn("draw", Ct);

        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("s1", SessionStatus.Active), (listed.SessionId, listed.Status));
        Assert.Empty(listed.Features);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        await session.Heartbeat(Ct);
    }

    [Fact]
    public async Task It_keeps_living_on_heartbeats_and_is_kicked_when_they_stop()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");
        await session.CheckIn("draw", Ct);

        for (var i = 0; i < 4; i++)
        {
            Silo.Clock.Advance(TimeSpan.FromSeconds(60));
            await session.Heartbeat(Ct);
        }

        Assert.Equal(SessionStatus.Active, (await session.GetInfo())!.Status);
        Silo.Clock.Advance(TimeSpan.FromSeconds(130));

        Assert.True(await Eventually(async () => (await session.GetInfo())!.Status == SessionStatus.Kicked));
        Assert.True(await Eventually(async () => (await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct)).Count == 0));
        var error = await Assert.ThrowsAsync<LicensingException>(() => session.Heartbeat(Ct));
        Assert.Equal(ErrorCodes.SessionExpired, error.Code);
    }

    [Fact]
    public async Task Checking_out_again_and_logging_out_leave_the_index()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");
        await session.CheckIn("draw", Ct);

        await session.CheckOut([new FeatureRequest("draw", 2)], requestId: null, fromThisMachine: true, Ct);

        var shard = Silo.Grains.GetGrain<ISeatlessSessionsGrain>(ISeatlessSessionsGrain.ShardOf("s1"));
        Assert.DoesNotContain("s1", await shard.List());
        Assert.Equal(2, await Silo.Used("L1", "draw"));

        // Time passes with heartbeats: the stale-entry expiry must not kick a session that holds seats.
        for (var i = 0; i < 3; i++)
        {
            Silo.Clock.Advance(TimeSpan.FromSeconds(60));
            await session.Heartbeat(Ct);
        }

        Assert.Equal(SessionStatus.Active, (await session.GetInfo())!.Status);
        await session.CheckIn("draw", Ct);
        Assert.Contains("s1", await shard.List());
        await session.Logout(Ct);
        Assert.DoesNotContain("s1", await shard.List());
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    [Fact]
    public async Task A_seatless_session_stays_listed_across_a_restart()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        await Silo.Grains.GetGrain<ISessionGrain>("s1").CheckIn("draw", Ct);

        await RestartAsync();

        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal("s1", listed.SessionId);
    }
}
