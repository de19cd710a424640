using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>R-BOR-2, R-BOR-3, R-BOR-5 over months of (manual) time: long borrows, downtime, distributions.</summary>
public sealed class LongSpanBorrowTests
{
    [Fact]
    public async Task A_180_day_borrow_expires_on_time_though_a_timer_cannot_wait_that_long()
    {
        using var reminders = new ReminderWatch();
        await using var silo = await LongSpanSilo.StartNewAsync();
        await silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 1));
        await silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Update(
            new SettingsView(120, false, new Dictionary<string, BorrowRuleView> { ["cad"] = new(4320) }),
            CancellationToken.None);
        var borrowId = (await silo.Grains.Borrow(BorrowIds.New(), "cad", 4320, ("draw", 1))).BorrowId;
        await reminders.ArmedAsync(ReminderWatch.Borrow(borrowId), silo.Address);

        silo.Clock.Advance(TimeSpan.FromHours(4320) - TimeSpan.FromMinutes(1));
        Assert.Equal(1, await silo.Grains.Borrowed("L1", "draw"));

        silo.Clock.Advance(TimeSpan.FromMinutes(1) + ReminderClock.Delivery);
        Assert.True(await SiloTestBase.Eventually(async () => await silo.Grains.Borrowed("L1", "draw") == 0));
    }

    [Fact]
    public async Task Seats_of_a_borrow_that_expired_during_downtime_come_back_at_the_next_start()
    {
        using var reminders = new ReminderWatch();
        await using var silo = await LongSpanSilo.StartNewAsync();
        await silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Borrowable, ("draw", 2));
        var borrowId = (await silo.Grains.Borrow(BorrowIds.New(), "cad", 1, ("draw", 2))).BorrowId;

        await silo.StopAsync();
        silo.Clock.Advance(TimeSpan.FromHours(3));
        await silo.StartAsync();

        // Orleans delivers a reminder tick missed during downtime at the next point of its period's grid (the
        // borrow's reminder has a period of one minute): here that point is the start itself.
        await reminders.ArmedAsync(ReminderWatch.Borrow(borrowId), silo.Address);
        silo.Clock.Advance(ReminderClock.Delivery);

        Assert.True(await SiloTestBase.Eventually(async () => await silo.Grains.Borrowed("L1", "draw") == 0));
        Assert.True(await SiloTestBase.Eventually(async () => (await silo.Grains.GetGrain<IBorrowGrain>(borrowId).Get())!.Status == BorrowStatus.Expired));
    }

    [Fact]
    public async Task A_distribution_lends_for_100_years_never_expires_and_can_never_be_returned()
    {
        await using var silo = await LongSpanSilo.StartNewAsync();
        await silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), "L1", "cad", Distributable, ("draw", 2));
        var grain = silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.New());

        var lent = await grain.Borrow(Command("cad", 0, ("draw", 1)) with { Distribute = true }, CancellationToken.None);

        Assert.False(lent.Returnable);
        Assert.Equal(silo.Clock.GetUtcNow().AddHours(365 * 100 * 24), lent.Until);
        var refused = await Assert.ThrowsAsync<LicensingException>(() => grain.Return(CancellationToken.None));
        Assert.Equal(ErrorCodes.NotReturnable, refused.Code);

        silo.Clock.Advance(TimeSpan.FromDays(400));
        await silo.StopAsync();
        silo.Clock.Advance(TimeSpan.FromDays(400));
        await silo.StartAsync();
        silo.Clock.Advance(TimeSpan.FromDays(400));

        Assert.Equal(1, await silo.Grains.Borrowed("L1", "draw"));
        Assert.Equal(BorrowStatus.Active, (await silo.Grains.GetGrain<IBorrowGrain>(lent.BorrowId).Get())!.Status);
    }
}
