using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// Issue 12 (the hot login+logout's cost) with item 6 and R-SESS-1/R-SESS-3: a login stores no session row; the pools'
/// grants carry who logged in, a session stores its row at its first heartbeat, and one whose silo died before that is
/// adopted from the leases. A late duplicate of an ended session's login takes nothing.
/// </summary>
public sealed class UnstoredSessionTests : SiloTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly AppendProbe _appends = new();

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo =>
        {
            silo.Services.AddSingleton<IIssuedSessionIds>(new IssuedSessionIds(id => id.StartsWith("issued-", StringComparison.Ordinal)));
            _appends.Install(silo.Services);
        });

    private ISessionGrain Session(string id) => Silo.Grains.GetGrain<ISessionGrain>(id);

    [Fact]
    public async Task A_login_and_logout_before_the_first_heartbeat_store_no_session_row_and_the_id_then_answers_ended()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-1", "cad", ("draw", 1));
        Assert.False((await StoredSessionAsync("issued-1")).RecordExists);
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        await Session("issued-1").Logout(Ct);

        Assert.False((await StoredSessionAsync("issued-1")).RecordExists);
        Assert.Equal(0, await Silo.Used("L1", "draw"));

        // After a crash nothing remembers the session but its id: a retried logout still succeeds, a heartbeat is told
        // the session ended, and nothing is written for either.
        await CrashAndRestartAsync();
        await Session("issued-1").Logout(Ct);
        var heartbeat = await Assert.ThrowsAsync<LicensingException>(() => Session("issued-1").Heartbeat(Ct));
        Assert.Equal(ErrorCodes.SessionExpired, heartbeat.Code);
        Assert.False((await StoredSessionAsync("issued-1")).RecordExists);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task The_first_heartbeat_stores_the_session_and_a_stored_session_ends_stored()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-s1", "cad", ("draw", 1));

        await Session("issued-s1").Heartbeat(Ct);

        var stored = await StoredSessionAsync("issued-s1");
        Assert.Equal((SessionStatus.Active, "L1", "ann"), (stored.State!.Status, stored.State.LicenseId, stored.State.Client?.User));

        // A second heartbeat writes nothing.
        await Session("issued-s1").Heartbeat(Ct);
        Assert.Equal(stored.ETag, (await StoredSessionAsync("issued-s1")).ETag);

        await Session("issued-s1").Logout(Ct);
        Assert.Equal(SessionStatus.LoggedOut, (await StoredSessionAsync("issued-s1")).State!.Status);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_session_whose_silo_died_before_its_first_heartbeat_is_listed_from_its_leases_then_adopted_by_its_next_call()
    {
        await Silo.Import("L1", "cad", ("draw", 2), ("render", 1));
        var loggedIn = Silo.Clock.GetUtcNow();
        await Silo.Login("issued-2", "cad", ("render", 1), ("draw", 2));

        await CrashAndRestartAsync();

        // Listed from the leases with who logged in, before any call reaches the session.
        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("issued-2", "L1", "ann", "ws-1", "127.0.0.1", loggedIn), (listed.SessionId, listed.LicenseId, listed.Client?.User, listed.Client?.Host, listed.Address, listed.Since));
        Assert.False((await StoredSessionAsync("issued-2")).RecordExists);

        // Asked for (here by a heartbeat), the session is adopted from the leases and stored.
        await Session("issued-2").Heartbeat(Ct);

        var info = await Session("issued-2").GetInfo();
        Assert.NotNull(info);
        Assert.Equal((SessionStatus.Active, "cad", "ann", loggedIn), (info.Status, info.Product, info.Client?.User, info.Since));
        Assert.Equal([new FeatureRequest("render", 1), new FeatureRequest("draw", 2)], info.Features);
        Assert.Equal(SessionStatus.Active, (await StoredSessionAsync("issued-2")).State!.Status);

        await Session("issued-2").Logout(Ct);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Equal(0, await Silo.Used("L1", "render"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    // The other side of a stored session's failed logout (SeatOwnerTests): an unstored session whose pool fails to give
    // the seats back stays live, listed with who it is, and the client's retry ends it.
    [Fact]
    public async Task An_unstored_session_whose_logout_a_pool_failed_stays_live_and_the_retry_ends_it()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-s3", "cad", ("draw", 2));
        _appends.Script("L1", "draw", AppendStep.Fail);

        await Assert.ThrowsAnyAsync<Exception>(() => Session("issued-s3").Logout(Ct));

        _appends.Clear();
        Assert.Equal(SessionStatus.Active, (await Session("issued-s3").GetInfo())!.Status);
        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("issued-s3", "ann"), (listed.SessionId, listed.Client?.User));
        await Session("issued-s3").Logout(Ct);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    // The record travels in the grant's event, not in the pool's snapshots (SeatHolding.Session): a session whose grant
    // came before the newest snapshot is adopted without its client, one whose grant came after with it.
    [Fact]
    public async Task A_pool_s_snapshot_leaves_the_records_out_and_a_session_granted_before_it_is_adopted_without_its_client()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        var pool = Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));
        await Silo.Login("issued-old", "cad", ("draw", 1));

        // 1,200 events, past the first snapshot (every 1,000 events for a pool this small).
        for (var i = 0; i < 600; i++)
        {
            await pool.Acquire($"churn-{i}", heldBefore: 0, count: 1, timeoutSeconds: 120, waitUntil: null, Ct);
            await pool.Release($"churn-{i}", null, Ct);
        }

        await Silo.Login("issued-new", "cad", ("draw", 1));
        await CrashAndRestartAsync();

        var old = await Session("issued-old").GetInfo();
        var recent = await Session("issued-new").GetInfo();
        Assert.Equal((SessionStatus.Active, "cad", (string?)null), (old!.Status, old.Product, old.Client?.User));
        Assert.Equal([new FeatureRequest("draw", 1)], old.Features);
        Assert.Equal((SessionStatus.Active, "ann"), (recent!.Status, recent.Client?.User));
        await Session("issued-old").Logout(Ct);
        await Session("issued-new").Logout(Ct);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task An_id_this_grid_did_not_issue_is_not_looked_for_in_the_pools()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s2", "cad", ("draw", 1));
        await CrashAndRestartAsync();

        // Its seat stays listed and removable from the lease; the id itself reads as unknown.
        var heartbeat = await Assert.ThrowsAsync<LicensingException>(() => Session("s2").Heartbeat(Ct));
        Assert.Equal(ErrorCodes.NotFound, heartbeat.Code);
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Session("nobody").Logout(Ct))).Code);
        Assert.Equal("s2", Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct)).SessionId);
        Assert.True(await Silo.Service<LicenseQueries>().ReleaseUnrecordedAsync("s2", Ct));
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_pool_refuses_a_late_duplicate_of_an_ended_session_s_login_but_not_a_check_out_or_another_login()
    {
        await Silo.Import("L1", "cad", ("draw", 3));
        var pool = Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));
        var record = new SessionRecord("cad", new ClientInfo("ann", "ws-1", null, null), "127.0.0.1", [new FeatureRequest("draw", 1)], Silo.Clock.GetUtcNow());
        Assert.Equal(1, await pool.AcquireForLogin("a", record, 1, 3600, waitUntil: null, Ct));
        Assert.Equal(record, (await pool.GetLease("a"))?.Session);

        await pool.End("a", Ct);

        var late = await Assert.ThrowsAsync<LicensingException>(() => pool.AcquireForLogin("a", record, 1, 120, waitUntil: null, Ct));
        Assert.Equal(ErrorCodes.BadRequest, late.Code);
        Assert.Null(await pool.GetLease("a"));
        Assert.Equal(1, await pool.AcquireForLogin("b", record, 1, 3600, waitUntil: null, Ct));

        // A session that gave a feature back (check-in) may take it again; only an ended session is refused.
        await pool.Release("b", null, Ct);
        Assert.Equal(1, await pool.Acquire("b", heldBefore: 0, count: 1, timeoutSeconds: 3600, waitUntil: null, Ct));

        // The window passes.
        Silo.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await pool.AcquireForLogin("a", record, 1, 3600, waitUntil: null, Ct));
        Assert.Equal(2, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_late_duplicate_of_a_login_reaching_a_fresh_activation_after_the_logout_takes_no_seat()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-3", "cad", ("draw", 1));
        await Session("issued-3").Logout(Ct);

        // The ended activation lets go; the duplicate finds no row and asks the pool, which remembers the end.
        Assert.True(await Eventually(async () =>
        {
            var duplicate = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("issued-3", "cad", ("draw", 1)));
            Assert.Equal(ErrorCodes.BadRequest, duplicate.Code);
            return duplicate.Message.Contains("has ended already", StringComparison.Ordinal);
        }));
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }
}
