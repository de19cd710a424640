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
/// Issue 12 (the hot login+logout's cost), R-SESS-1 and R-SESS-3: a login and a logout before the session's first
/// heartbeat go through the silo's logins service alone, and no session grain is activated for them; from its first heartbeat the
/// session grain owns the session, and a logout goes to it.
/// </summary>
public sealed class LoginsTests : SiloTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ISessionLogins Logins => Silo.Logins;

    private ISessionGrain Session(string id) => Silo.Grains.GetGrain<ISessionGrain>(id);

    private IFeatureGrain Pool(string feature) => Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", feature));

    [Fact]
    public async Task A_login_and_its_logout_before_the_first_heartbeat_activate_no_session_grain_and_store_no_row()
    {
        await Silo.Import("L1", "cad", ("draw", 2), ("render", 1));
        await Silo.Login("s1", "cad", ("draw", 2), ("render", 1));
        Assert.Equal((2, 1), (await Silo.Used("L1", "draw"), await Silo.Used("L1", "render")));

        // Listed from the leases, still without a session grain.
        var listed = Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
        Assert.Equal(("s1", "ann", SessionStatus.Active), (listed.SessionId, listed.Client?.User, listed.Status));
        Assert.Empty(await ActiveSessionGrainsAsync());

        await Logins.Logout("s1", Ct);

        Assert.Equal((0, 0), (await Silo.Used("L1", "draw"), await Silo.Used("L1", "render")));
        Assert.Empty(await ActiveSessionGrainsAsync());
        Assert.False((await StoredSessionAsync("s1")).RecordExists);
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));

        // Ended: a heartbeat is told so, a repeated logout succeeds, and a late duplicate of the login takes nothing.
        Assert.Equal(ErrorCodes.SessionExpired, (await Assert.ThrowsAsync<LicensingException>(() => Session("s1").Heartbeat(Ct))).Code);
        await Logins.Logout("s1", Ct);
        Assert.Equal(ErrorCodes.BadRequest, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s1", "cad", ("draw", 2), ("render", 1)))).Code);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task After_the_first_heartbeat_the_session_grain_owns_the_session_and_the_logout_stores_its_end()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s2", "cad", ("draw", 1));

        await Session("s2").Heartbeat(Ct);

        Assert.Equal(SessionStatus.Active, (await StoredSessionAsync("s2")).State!.Status);
        Assert.False((await Pool("draw").GetLease("s2"))!.Unstored);
        Assert.Equal(UnstoredEndOutcome.Owned, (await Pool("draw").EndUnstored("s2", Ct)).Outcome);
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        await Logins.Logout("s2", Ct);

        Assert.Equal(SessionStatus.LoggedOut, (await StoredSessionAsync("s2")).State!.Status);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_session_ended_at_its_pools_by_its_logout_is_kicked_at_a_heartbeat_that_came_too_late_and_stores_nothing()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s3", "cad", ("draw", 1));

        // The session grain is active (an administrator looked) when the logout ends the session at its pool alone.
        Assert.NotNull(await Session("s3").GetInfo());
        await Logins.Logout("s3", Ct);

        var heartbeat = await Assert.ThrowsAsync<LicensingException>(() => Session("s3").Heartbeat(Ct));
        Assert.Equal(ErrorCodes.SessionExpired, heartbeat.Code);
        Assert.False((await StoredSessionAsync("s3")).RecordExists);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_pool_ends_only_what_no_session_grain_took_over_and_answers_who_held_it()
    {
        await Silo.Import("L1", "cad", ("draw", 4));
        var record = new SessionRecord("cad", new ClientInfo("ann", "ws-1", null, null), "127.0.0.1", [new FeatureRequest("draw", 2)], Silo.Clock.GetUtcNow());
        await Pool("draw").AcquireForLogin("a", record, 2, 3600, waitUntil: null, Ct);
        await Pool("draw").AcquireForLogin("b", record, 1, 3600, waitUntil: null, Ct);
        await Pool("draw").Acquire("c", heldBefore: 0, count: 1, timeoutSeconds: 3600, waitUntil: null, Ct);
        Assert.True(await Pool("draw").Renew("b", Ct));

        Assert.Equal(new UnstoredEnd(UnstoredEndOutcome.Ended, 2, record), await Pool("draw").EndUnstored("a", Ct));
        Assert.Equal(UnstoredEndOutcome.Owned, (await Pool("draw").EndUnstored("b", Ct)).Outcome);
        Assert.Equal(UnstoredEndOutcome.Owned, (await Pool("draw").EndUnstored("c", Ct)).Outcome);
        Assert.Equal(UnstoredEndOutcome.NotHeld, (await Pool("draw").EndUnstored("nobody", Ct)).Outcome);
        Assert.Equal(2, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_pool_restarted_since_the_login_knows_no_session_as_unstored_and_the_logout_goes_to_the_session()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s4", "cad", ("draw", 1));
        await CrashAndRestartAsync();

        Assert.False((await Pool("draw").GetLease("s4"))!.Unstored);
        await Logins.Logout("s4", Ct);

        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Equal(ErrorCodes.SessionExpired, (await Assert.ThrowsAsync<LicensingException>(() => Session("s4").Heartbeat(Ct))).Code);
    }

    [Fact]
    public async Task A_second_login_under_the_same_id_from_another_client_takes_nothing()
    {
        await Silo.Import("L1", "cad", ("draw", 3));
        await Silo.Login("s5", "cad", ("draw", 1));

        // The same login again (a retry) answers the same session; another client's login under the id is refused.
        Assert.Equal("s5", (await Silo.Login("s5", "cad", ("draw", 1))).SessionId);
        var other = new LoginCommand("cad", [new FeatureRequest("draw", 1)], new ClientInfo("bob", "ws-2", null, null), "127.0.0.2", IsLoopback: true);
        Assert.Equal(ErrorCodes.BadRequest, (await Assert.ThrowsAsync<LicensingException>(() => Logins.Login("s5", other, Ct))).Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public void A_session_id_s_hint_names_its_product_s_pools_of_its_features_and_few_others()
    {
        var hint = SessionHints.Of("cad", ["draw", "render"]);
        var id = new string('0', 24) + hint.ToString("x8") + new string('0', 16);

        Assert.Equal(hint, SessionHints.InId(id));
        Assert.True(SessionHints.MayHold(hint, "cad", "draw"));
        Assert.True(SessionHints.MayHold(hint, "cad", "render"));
        Assert.True(SessionHints.MayHold(null, "cad", "anything"));
        Assert.Null(SessionHints.InId("s1"));

        // Two bits per name of 32: most other names fall outside a two-feature hint.
        var others = Enumerable.Range(0, 200).Count(i => SessionHints.MayHold(hint, "cad", $"feature-{i}") || SessionHints.MayHold(hint, $"product-{i}", "draw"));
        Assert.InRange(others, 0, 80);
    }

    private async Task<List<GrainId>> ActiveSessionGrainsAsync()
        => await Silo.Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("session"));
}
