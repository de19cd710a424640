using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// Issue 12, item 6, with R-SESS-5 (administrators list and remove sessions) and R-SESS-2: every seat a pool counts
/// belongs to a session the admin API lists and can remove, whenever the silo dies. The silo is killed right after a
/// pool stored a change and before anybody heard of it, then started again on the same file.
/// </summary>
public sealed class SeatOwnerTests : SiloTestBase
{
    private readonly AppendProbe _appends = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo => _appends.Install(silo.Services));

    // A login stores its session while the pool grants: a crash after the pool's commit leaves a holder that is
    // listed (from its session when that was stored, from the pool's lease otherwise) and removable.
    [Fact]
    public async Task A_silo_that_dies_right_after_a_pool_stored_a_login_s_seat_leaves_a_listed_and_removable_owner()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        _appends.Script("L1", "draw", AppendStep.StoreAndHang);

        var login = Silo.Login("s1", "cad", ("draw", 1));
        await _appends.Hanging.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(login.IsCompleted);
        _appends.Clear();
        await CrashAndRestartAsync();

        // The pool's log holds the grant: the seat counts, and its owner is listed.
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("s1", "L1", SessionStatus.Active), (listed.SessionId, listed.LicenseId, listed.Status));
        Assert.Equal([new FeatureRequest("draw", 1)], listed.Features);

        await RemoveAsAdminAsync("s1");

        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    // A feature the next license file dropped keeps its holders until they leave: they stay listed and removable.
    [Fact]
    public async Task A_session_holding_only_a_feature_the_next_license_file_dropped_stays_listed_and_removable()
    {
        await Silo.Import("L1", "cad", ("draw", 2), ("render", 1));
        await Silo.Login("s1", "cad", ("render", 1));
        await Silo.Import("L1", "cad", ("draw", 2));

        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("s1", "L1", SessionStatus.Active), (listed.SessionId, listed.LicenseId, listed.Status));
        Assert.Equal([new FeatureRequest("render", 1)], listed.Features);

        await RemoveAsAdminAsync("s1");

        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Empty(await Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "render")).ListLeases());
    }

    // The other side of the same window: the pool granted, the session was never stored. The holder is listed from
    // the pool's lease and an administrator frees it there.
    [Fact]
    public async Task A_holder_whose_session_was_never_stored_is_listed_from_its_lease_and_removable()
    {
        await Silo.Import("L1", "cad", ("draw", 2), ("render", 1));
        var quickly = Silo.Clock.GetUtcNow();
        await Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw")).Acquire("ghost", heldBefore: 0, count: 2, timeoutSeconds: 120, waitUntil: null, Ct);
        await Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "render")).Acquire("ghost", heldBefore: 0, count: 1, timeoutSeconds: 120, waitUntil: null, Ct);

        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));

        Assert.Equal(("ghost", "L1", "cad", null), (listed.SessionId, listed.LicenseId, listed.Product, listed.Client));
        Assert.Equal([new FeatureRequest("draw", 2), new FeatureRequest("render", 1)], listed.Features.OrderBy(f => f.Name));
        Assert.Equal(quickly, listed.Since);
        Assert.True(await Silo.Service<LicenseQueries>().ReleaseUnrecordedAsync("ghost", Ct));
        Assert.Equal((0, 0), (await Silo.Used("L1", "draw"), await Silo.Used("L1", "render")));
        Assert.False(await Silo.Service<LicenseQueries>().ReleaseUnrecordedAsync("ghost", Ct));
    }

    // A stored session's logout stores it as ended while the pools give the seats back; should a pool fail to, the
    // seats stay listed, and the next logout (a client's retry, on any activation) gives them back.
    [Fact]
    public async Task Seats_a_logout_could_not_give_back_stay_listed_and_a_repeated_logout_returns_them()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 2));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");
        await session.Heartbeat(Ct);
        _appends.Script("L1", "draw", AppendStep.Fail);

        await Assert.ThrowsAnyAsync<Exception>(() => session.Logout(Ct));

        Assert.Equal(SessionStatus.LoggedOut, (await session.GetInfo())!.Status);
        _appends.Clear();
        Assert.Equal(2, await Silo.Used("L1", "draw"));
        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("s1", "ann"), (listed.SessionId, listed.Client?.User));

        // The retry may reach another activation (the first silo died): what to give back is stored with the end.
        await RestartAsync();
        session = Silo.Grains.GetGrain<ISessionGrain>("s1");
        await session.Logout(Ct);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    // What the admin API's removal does: the live session, else the holder known only from the pools' leases.
    private async Task RemoveAsAdminAsync(string sessionId)
    {
        var session = Silo.Grains.GetGrain<ISessionGrain>(sessionId);
        if ((await session.GetInfo())?.Status == SessionStatus.Active)
        {
            await session.Remove(Ct);
        }
        else
        {
            Assert.True(await Silo.Service<LicenseQueries>().ReleaseUnrecordedAsync(sessionId, Ct));
        }
    }

    // The same login sent again (its answer died with the silo) finds its session and seat, and takes nothing more.
    [Fact]
    public async Task A_login_retried_after_such_a_crash_answers_with_the_seat_the_first_attempt_took()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        _appends.Script("L1", "draw", AppendStep.StoreAndHang);
        _ = Silo.Login("s1", "cad", ("draw", 1));
        await _appends.Hanging.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        _appends.Clear();
        await CrashAndRestartAsync();

        var retried = await Silo.Login("s1", "cad", ("draw", 1));

        Assert.Equal("L1", retried.LicenseId);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    // Logout gives the seats back while it stores the session as ended: a crash after the pool's commit leaves a
    // session that holds nothing, never seats without an owner.
    [Fact]
    public async Task A_silo_that_dies_right_after_a_pool_stored_a_logout_s_release_leaves_no_seat_behind()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 2));
        _appends.Script("L1", "draw", AppendStep.StoreAndHang);

        _ = Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        await _appends.Hanging.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        _appends.Clear();
        await CrashAndRestartAsync();

        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));

        // The client's next heartbeat finds no lease: the session ends.
        var ended = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(Ct));
        Assert.Equal(ErrorCodes.SessionExpired, ended.Code);
    }

    // A check-out of a feature the session did not hold names it in the stored session first.
    [Fact]
    public async Task A_silo_that_dies_right_after_a_pool_stored_a_check_out_leaves_the_seat_removable_with_its_session()
    {
        await Silo.Import("L1", "cad", ("draw", 2), ("render", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        _appends.Script("L1", "render", AppendStep.StoreAndHang);

        _ = Silo.Grains.GetGrain<ISessionGrain>("s1").CheckOut([new FeatureRequest("render", 1)], "req-1", fromThisMachine: true, CancellationToken.None);
        await _appends.Hanging.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        _appends.Clear();
        await CrashAndRestartAsync();

        Assert.Equal(1, await Silo.Used("L1", "render"));
        Assert.Equal("s1", Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct)).SessionId);

        await Silo.Grains.GetGrain<ISessionGrain>("s1").Remove(Ct);

        Assert.Equal(0, await Silo.Used("L1", "render"));
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }
}
