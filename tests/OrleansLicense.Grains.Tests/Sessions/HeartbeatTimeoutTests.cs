using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>R-SESS-3, R-SESS-4: heartbeats keep a session; silence for the timeout kicks it and returns its seats; a restart gives grace.</summary>
public sealed class HeartbeatTimeoutTests : SiloTestBase
{
    [Fact]
    public async Task A_session_that_stops_heartbeating_is_kicked_after_the_timeout_and_its_seats_return()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        // One heartbeat (which stores the session), then silence.
        await session.Heartbeat(CancellationToken.None);
        Silo.Clock.Advance(TimeSpan.FromSeconds(115));
        Assert.Equal(1, await Silo.Used("L1", "draw"));

        Silo.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await Eventually(async () => await Silo.Used("L1", "draw") == 0));
        Assert.True(await Eventually(async () => (await session.GetInfo())!.Status == SessionStatus.Kicked));
        var error = await Assert.ThrowsAsync<LicensingException>(() => session.Heartbeat(CancellationToken.None));
        Assert.Equal(ErrorCodes.SessionExpired, error.Code);
        await Silo.Login("s2", "cad", ("draw", 1));
    }

    [Fact]
    public async Task Heartbeats_keep_a_session_alive_across_many_timeouts()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        for (var i = 0; i < 10; i++)
        {
            Silo.Clock.Advance(TimeSpan.FromSeconds(60));
            var beat = await session.Heartbeat(CancellationToken.None);
            Assert.Equal(60, beat.HeartbeatIntervalSeconds);
        }

        Assert.Equal(1, await Silo.Used("L1", "draw"));
        Assert.Equal(SessionStatus.Active, (await session.GetInfo())!.Status);
    }

    [Fact]
    public async Task The_timeout_setting_applies_to_new_sessions_and_caps_the_heartbeat_interval()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        var settings = Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);
        await settings.Update(new SettingsView(3600, false, new Dictionary<string, BorrowRuleView>()), CancellationToken.None);

        var login = await Silo.Login("s1", "cad", ("draw", 1));

        Assert.Equal(3600, login.TimeoutSeconds);
        Assert.Equal(600, login.HeartbeatIntervalSeconds);
        Silo.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task After_a_restart_every_live_lease_gets_a_full_timeout_of_grace()
    {
        await Silo.Import("L1", "cad", ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        Silo.Clock.Advance(TimeSpan.FromSeconds(100));

        await RestartAsync();
        Silo.Clock.Advance(TimeSpan.FromSeconds(100));

        // 200 s since the last heartbeat, but only 100 s since the restart: still held.
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        var beat = await Silo.Grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None);
        Assert.Equal(120, beat.TimeoutSeconds);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task Sessions_and_seats_survive_a_restart_and_logout_still_returns_them()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 2));

        await RestartAsync();

        var info = await Silo.Grains.GetGrain<ISessionGrain>("s1").GetInfo();
        Assert.Equal(SessionStatus.Active, info!.Status);
        Assert.Equal("ann", info.Client!.User);
        Assert.Equal(2, await Silo.Used("L1", "draw"));
        await Silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
    }
}
