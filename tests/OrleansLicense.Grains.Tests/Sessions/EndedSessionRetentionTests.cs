using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// #12 storage growth: an ended session's row is kept for <c>Licensing:EndedSessionRetention</c> (retries still answer
/// from it), then the storage's sweep deletes it and the id reads as a session that ended unstored; a live one is never swept.
/// </summary>
public sealed class EndedSessionRetentionTests : SiloTestBase
{
    [Fact]
    public async Task Issue12_an_ended_session_is_kept_for_the_retention_then_swept_while_a_live_one_stays()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("ended", "cad", ("draw", 1));
        await Silo.Login("live", "cad", ("draw", 1));
        var ended = Silo.Grains.GetGrain<ISessionGrain>("ended");
        var live = Silo.Grains.GetGrain<ISessionGrain>("live");

        // Both stored (their first heartbeats): a session ended before that has no row to keep (UnstoredSessionTests).
        await ended.Heartbeat(CancellationToken.None);
        await live.Heartbeat(CancellationToken.None);

        var endedAt = Silo.Clock.GetUtcNow();
        await ended.Logout(CancellationToken.None);

        var stored = await StoredSessionAsync("ended");
        Assert.Equal(SessionStatus.LoggedOut, stored.State!.Status);
        Assert.Equal(endedAt + TimeSpan.FromHours(1), stored.State.ForgetAfter);
        Assert.Null((await StoredSessionAsync("live")).State!.ForgetAfter);

        // 59 minutes on (the live session heartbeating), the sweep has run several times and kept the ended row.
        await HeartbeatForAsync(live, TimeSpan.FromMinutes(59));
        Assert.True((await StoredSessionAsync("ended")).RecordExists);

        // A logout retried within the retention answers as before, and a late duplicate of the login takes nothing.
        await ended.Logout(CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("ended", "cad", ("draw", 1)));
        Assert.Equal(ErrorCodes.BadRequest, duplicate.Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        // Past the retention the next sweep (every 5 minutes) deletes it; the live session's row stays.
        await HeartbeatForAsync(live, TimeSpan.FromMinutes(7));
        Assert.True(await Eventually(async () => !(await StoredSessionAsync("ended")).RecordExists));
        Assert.Equal(SessionStatus.Active, (await StoredSessionAsync("live")).State!.Status);

        // Afterwards the id reads as a session that ended without a row: no pool holds it, and its id was issued.
        Assert.Null(await ended.GetInfo());
        await ended.Logout(CancellationToken.None);
        var heartbeat = await Assert.ThrowsAsync<LicensingException>(() => ended.Heartbeat(CancellationToken.None));
        Assert.Equal(ErrorCodes.SessionExpired, heartbeat.Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task Issue12_a_kicked_session_gets_the_retention_too_and_a_removal_retry_writes_nothing()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        await session.Heartbeat(CancellationToken.None);
        await session.Remove(CancellationToken.None);
        var stored = await StoredSessionAsync("s1");
        Assert.Equal(SessionStatus.Kicked, stored.State!.Status);
        Assert.Equal(Silo.Clock.GetUtcNow() + TimeSpan.FromHours(1), stored.State.ForgetAfter);

        // Calls on the ended session answer from it without writing: the row's version stays.
        await session.Remove(CancellationToken.None);
        var expired = await Assert.ThrowsAsync<LicensingException>(() => session.Logout(CancellationToken.None));
        Assert.Equal(ErrorCodes.SessionExpired, expired.Code);
        await session.LeaseExpired("L1", "draw");
        Assert.Equal(stored.ETag, (await StoredSessionAsync("s1")).ETag);
    }

    // Advances the clock a minute at a time, heartbeating the session so that it stays live.
    private async Task HeartbeatForAsync(ISessionGrain session, TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMinutes(1))
        {
            Silo.Clock.Advance(TimeSpan.FromMinutes(1));
            await session.Heartbeat(CancellationToken.None);
        }
    }
}
