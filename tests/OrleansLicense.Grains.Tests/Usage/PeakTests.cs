using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Borrows;
using OrleansLicense.Grains.Usage;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Usage;

/// <summary>R-USE-3: daily peaks per license and feature, from the pools' event logs, including borrows and seats held over midnight.</summary>
public sealed class PeakTests
{
    [Fact]
    public async Task Peaks_per_day_count_sessions_and_borrows_and_carry_over_midnight()
    {
        await using var silo = await LongSpanSilo.StartNewAsync();
        var grains = silo.Grains;
        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5), ("render", 2));
        await grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Update(new SettingsView(SessionTimeouts.MaxSeconds, false, new Dictionary<string, BorrowRuleView>()), CancellationToken.None);

        // 2026-01-05: s1 takes 2 draw, s2 takes 1 draw and 1 render, s2 leaves.
        await Login(silo.Logins, "s1", ("draw", 2));
        await Login(silo.Logins, "s2", ("draw", 1), ("render", 1));
        await grains.GetGrain<ISessionGrain>("s2").Logout(CancellationToken.None);
        var early = await grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);

        // 2026-01-06: s1 still holds from the day before, then leaves. 2026-01-07: nothing. 2026-01-08: a borrow.
        silo.Clock.Advance(TimeSpan.FromDays(1));
        await grains.GetGrain<ISessionGrain>("s1").Heartbeat(CancellationToken.None);
        await grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        silo.Clock.Advance(TimeSpan.FromDays(2));
        await grains.Borrow(BorrowIds.New(), "cad", 2, ("draw", 1));

        var days = await grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);

        var single = Assert.Single(early);
        Assert.Equal(("2026-01-05", 2, 3, 1), (single.Date, single.Sn, single.Features["draw"], single.Features["render"]));
        Assert.Equal(["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"], days.Select(d => d.Date));
        Assert.Equal((2, 3, 1), (days[0].Sn, days[0].Features["draw"], days[0].Features["render"]));
        Assert.Equal((1, 2), (days[1].Sn, days[1].Features["draw"]));
        Assert.False(days[1].Features.ContainsKey("render"));
        Assert.Equal(0, days[2].Sn);
        Assert.Empty(days[2].Features);
        Assert.Equal((1, 1), (days[3].Sn, days[3].Features["draw"]));

        var range = await grains.GetGrain<IPeakGrain>("L1").GetDays(new DateOnly(2026, 1, 4), new DateOnly(2026, 1, 5), CancellationToken.None);
        Assert.Equal([("2026-01-04", 0), ("2026-01-05", 2)], range.Select(d => (d.Date, d.Sn)));
    }

    [Fact]
    public async Task Peaks_survive_a_restart_and_bad_ranges_are_refused()
    {
        await using var silo = await LongSpanSilo.StartNewAsync();
        await silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5));
        await Login(silo.Logins, "s1", ("draw", 4));
        await silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);
        await silo.Grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);

        await silo.StopAsync();
        await silo.StartAsync();
        await Login(silo.Logins, "s2", ("draw", 1));
        var days = await silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);

        Assert.Equal(4, Assert.Single(days).Features["draw"]);
        var reversed = await Assert.ThrowsAsync<LicensingException>(() => silo.Grains.GetGrain<IPeakGrain>("L1").GetDays(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), CancellationToken.None));
        Assert.Equal(ErrorCodes.BadRequest, reversed.Code);
        var unknown = await Assert.ThrowsAsync<LicensingException>(() => silo.Grains.GetGrain<IPeakGrain>("nope").GetDays(null, null, CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, unknown.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task R_USE_3_a_feature_a_new_license_file_dropped_counts_until_its_holders_leave_and_not_after(bool peaksReadBeforeTheDrop)
    {
        await using var silo = await LongSpanSilo.StartNewAsync();
        var grains = silo.Grains;
        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5), ("render", 2));
        await Login(silo.Logins, "s1", ("render", 1));
        if (peaksReadBeforeTheDrop)
        {
            await grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);
        }

        // The vendor's next license file drops render: s1 keeps its seat until it leaves, then leaves.
        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5));
        await grains.GetGrain<ISessionGrain>("s1").Logout(CancellationToken.None);
        silo.Clock.Advance(TimeSpan.FromDays(1));
        await Login(silo.Logins, "s2", ("draw", 1));

        var days = await grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);

        // The day s1 held render counts it, whether or not the peaks had read render's pool before the drop; its
        // leaving reached the peaks too: the next day counts s2 alone, not s1 held on for good.
        Assert.Equal(["2026-01-05", "2026-01-06"], days.Select(d => d.Date));
        Assert.Equal((1, 1), (days[0].Sn, days[0].Features["render"]));
        Assert.Equal((1, 1), (days[1].Sn, days[1].Features["draw"]));
        Assert.False(days[1].Features.ContainsKey("render"));
    }

    [Fact]
    public async Task R_USE_3_a_dropped_feature_licensed_again_is_read_as_a_licensed_one()
    {
        await using var silo = await LongSpanSilo.StartNewAsync();
        var grains = silo.Grains;
        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5), ("render", 2));
        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5));
        Assert.Equal(["render"], (await grains.GetGrain<ILicenseGrain>("L1").GetTerms())!.DroppedFeatures);

        await grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 5), ("render", 3));
        await Login(silo.Logins, "s1", ("render", 3));
        var terms = await grains.GetGrain<ILicenseGrain>("L1").GetTerms();
        var days = await grains.GetGrain<IPeakGrain>("L1").GetDays(null, null, CancellationToken.None);

        Assert.Empty(terms!.DroppedFeatures!);
        Assert.Equal((1, 3), (Assert.Single(days).Sn, days[0].Features["render"]));
    }

    private static Task<LoginResult> Login(ISessionLogins logins, string sessionId, params (string Name, int Count)[] features)
        => logins.Login(
            sessionId,
            new LoginCommand("cad", [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], new ClientInfo("ann", "ws-1", "cad.exe", sessionId), "127.0.0.1", IsLoopback: true),
            CancellationToken.None);
}
