using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
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

    // The window of the old order: a login stored its session while the pool granted, so a crash after the pool's
    // commit could leave a holder whose session was never stored (listed nowhere, removable by nobody, counted until
    // one lease timeout after the restart). Now the session is stored before the grant.
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

        await Silo.Grains.GetGrain<ISessionGrain>("s1").Remove(Ct);

        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
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

    // Logout gives the seats back before it stores the session as ended: a crash in between leaves a session that
    // holds nothing, never seats without an owner.
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
