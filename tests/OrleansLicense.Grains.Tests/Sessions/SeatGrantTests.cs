using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>R-SESS-1, R-SESS-2, R-SESS-5: logins take all seats or none, seats are never over-granted, logout and removal return them.</summary>
public sealed class SeatGrantTests : SiloTestBase
{
    [Fact]
    public async Task A_login_takes_its_seats_and_logout_returns_them()
    {
        await Silo.Import("L1", "cad", ("draw", 5), ("render", 2));

        var result = await Silo.Login("s1", "cad", ("draw", 2));

        Assert.Equal("L1", result.LicenseId);
        Assert.Equal(120, result.TimeoutSeconds);
        Assert.Equal(60, result.HeartbeatIntervalSeconds);
        Assert.Equal(2, await Silo.Used("L1", "draw"));

        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        Assert.Equal(0, await Silo.Used("L1", "draw"));

        // A second logout is fine (idempotent).
        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
    }

    [Fact]
    public async Task A_multi_feature_login_gets_all_or_none()
    {
        await Silo.Import("L1", "cad", ("draw", 5), ("render", 1));
        await Silo.Login("s1", "cad", ("render", 1));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 3), ("render", 1)));

        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Contains("'render' has 0 free seat(s); 1 requested", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Equal(1, await Silo.Used("L1", "render"));
    }

    [Fact]
    public async Task A_refused_login_leaves_no_session_behind_and_the_same_login_later_gets_its_seat()
    {
        // The first refusal on this silo takes the path that stores the session while the seat is
        // asked for: the refusal must put the stored session back to "none".
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 1)));

        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Null(await Silo.Grains.GetGrain<ISessionGrain>("s2").GetInfo());
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        // A retry of that login (same session id, as a retried request id gives) once a seat is back.
        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        var retried = await Silo.Login("s2", "cad", ("draw", 1));

        Assert.Equal("L1", retried.LicenseId);
        Assert.Equal(SessionStatus.Active, (await Silo.Grains.GetGrain<ISessionGrain>("s2").GetInfo())!.Status);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task Many_parallel_logins_on_one_feature_never_over_grant()
    {
        await Silo.Import("L1", "cad", ("draw", 50));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            try
            {
                await Silo.Login($"p{i}", "cad", ("draw", 1));
                return true;
            }
            catch (LicensingException ex) when (ex.Code == ErrorCodes.SeatsExhausted)
            {
                return false;
            }
        }));

        Assert.Equal(50, outcomes.Count(granted => granted));
        Assert.Equal(50, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task Check_out_adds_seats_all_or_none_and_check_in_returns_one_feature()
    {
        await Silo.Import("L1", "cad", ("draw", 3), ("render", 1), ("export", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        var held = await session.CheckOut([new FeatureRequest("draw", 1), new FeatureRequest("render", 1)], requestId: null, fromThisMachine: true, CancellationToken.None);
        Assert.Equal([new FeatureRequest("draw", 2), new FeatureRequest("render", 1)], held);

        await Silo.Login("s2", "cad", ("export", 1));
        var refused = await Assert.ThrowsAsync<LicensingException>(() => session.CheckOut([new FeatureRequest("draw", 1), new FeatureRequest("export", 1)], requestId: null, fromThisMachine: true, CancellationToken.None));
        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Equal(2, await Silo.Used("L1", "draw"));

        await session.CheckIn("draw", CancellationToken.None);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Equal(1, await Silo.Used("L1", "render"));
    }

    [Fact]
    public async Task Unknown_product_and_feature_are_not_found()
    {
        await Silo.Import("L1", "cad", ("draw", 3));

        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s1", "paint", ("draw", 1)))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("fly", 1)))).Code);
    }

    [Fact]
    public async Task An_administrator_removal_returns_the_seats_and_the_next_heartbeat_is_session_expired()
    {
        await Silo.Import("L1", "cad", ("draw", 3));
        await Silo.Login("s1", "cad", ("draw", 2));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        // Stored (its first heartbeat), so its end is stored and tells how it ended (UnstoredSessionTests: before that).
        await session.Heartbeat(CancellationToken.None);
        await session.Remove(CancellationToken.None);

        Assert.Equal(0, await Silo.Used("L1", "draw"));
        var error = await Assert.ThrowsAsync<LicensingException>(() => session.Heartbeat(CancellationToken.None));
        Assert.Equal(ErrorCodes.SessionExpired, error.Code);
        Assert.Equal(ErrorCodes.SessionExpired, (await Assert.ThrowsAsync<LicensingException>(() => session.Logout(CancellationToken.None))).Code);
    }

    [Fact]
    public async Task A_second_license_of_the_product_serves_when_the_first_is_full()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Import("L2", "cad", ("draw", 1));

        var first = await Silo.Login("s1", "cad", ("draw", 1));
        var second = await Silo.Login("s2", "cad", ("draw", 1));

        Assert.Equal("L1", first.LicenseId);
        Assert.Equal("L2", second.LicenseId);
        Assert.Equal(ErrorCodes.SeatsExhausted, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s3", "cad", ("draw", 1)))).Code);
    }

    // A call whose answer was lost with a silo is delivered again by the router when a silo dies (R-CL-1): it must not grant twice.
    [Fact]
    public async Task A_login_delivered_twice_answers_the_same_session_and_takes_its_seats_once()
    {
        await Silo.Import("L1", "cad", ("draw", 3));

        var first = await Silo.Login("s1", "cad", ("draw", 2));
        var again = await Silo.Login("s1", "cad", ("draw", 2));

        Assert.Equal(first.SessionId, again.SessionId);
        Assert.Equal(first.LicenseId, again.LicenseId);
        Assert.Equal(first.Features, again.Features);
        Assert.Equal(2, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task Another_login_under_a_live_session_id_is_refused()
    {
        await Silo.Import("L1", "cad", ("draw", 3));
        await Silo.Login("s1", "cad", ("draw", 1));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s1", "cad", ("draw", 2)));

        Assert.Equal(ErrorCodes.BadRequest, refused.Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_seat_grant_delivered_twice_is_granted_once_and_a_later_grant_adds()
    {
        await Silo.Import("L1", "cad", ("draw", 5));
        var pool = Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));

        Assert.Equal(2, await pool.Acquire("s1", heldBefore: 0, count: 2, timeoutSeconds: 120, waitUntil: null, CancellationToken.None));
        Assert.Equal(2, await pool.Acquire("s1", heldBefore: 0, count: 2, timeoutSeconds: 120, waitUntil: null, CancellationToken.None));
        Assert.Equal(2, await Silo.Used("L1", "draw"));

        Assert.Equal(3, await pool.Acquire("s1", heldBefore: 2, count: 1, timeoutSeconds: 120, waitUntil: null, CancellationToken.None));
        Assert.Equal(3, await Silo.Used("L1", "draw"));
    }

    // R-SESS-1 with retries: a check-out sent again with its request id (its answer was lost) takes nothing more.
    [Fact]
    public async Task A_check_out_retried_with_its_request_id_takes_its_seats_once()
    {
        await Silo.Import("L1", "cad", ("draw", 5));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        var first = await session.CheckOut([new FeatureRequest("draw", 2)], "req-1", fromThisMachine: true, CancellationToken.None);
        var retried = await session.CheckOut([new FeatureRequest("draw", 2)], "req-1", fromThisMachine: true, CancellationToken.None);
        Assert.Equal([new FeatureRequest("draw", 3)], first);
        Assert.Equal(first, retried);
        Assert.Equal(3, await Silo.Used("L1", "draw"));

        var next = await session.CheckOut([new FeatureRequest("draw", 1)], "req-2", fromThisMachine: true, CancellationToken.None);
        Assert.Equal([new FeatureRequest("draw", 4)], next);
        Assert.Equal(4, await Silo.Used("L1", "draw"));

        // Remembered across a restart: the ids are stored with the session.
        await RestartAsync();
        var afterRestart = await Silo.Grains.GetGrain<ISessionGrain>("s1").CheckOut([new FeatureRequest("draw", 2)], "req-1", fromThisMachine: true, CancellationToken.None);
        Assert.Equal([new FeatureRequest("draw", 4)], afterRestart);
        Assert.Equal(4, await Silo.Used("L1", "draw"));
    }
}
