using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Tests.Support;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>R-BOR-3, R-BOR-5: expiry gives seats back by a durable reminder, also across restarts; distributions never end.</summary>
public sealed class BorrowExpiryTests : SiloTestBase
{
    [Fact]
    public async Task Seats_come_back_by_themselves_at_expiry()
    {
        using var reminders = new ReminderWatch();
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 2));
        var borrow = await Silo.Borrow(BorrowIds.New(), "cad", 2, ("draw", 2));
        await reminders.ArmedAsync(ReminderWatch.Borrow(borrow.BorrowId), Silo.Address);

        Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, await Silo.Borrowed("L1", "draw"));

        Clock.Advance(TimeSpan.FromSeconds(1) + ReminderClock.Delivery);

        Assert.True(await Eventually(async () => await Silo.Borrowed("L1", "draw") == 0));
        var ended = await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Get();
        Assert.True(await Eventually(async () => (await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Get())!.Status == BorrowStatus.Expired));
        await Silo.Login("s1", "cad", ("draw", 2));
    }

    [Fact]
    public async Task Expiry_survives_a_restart()
    {
        using var reminders = new ReminderWatch();
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 2));
        var borrow = await Silo.Borrow(BorrowIds.New(), "cad", 5, ("draw", 1));
        Clock.Advance(TimeSpan.FromHours(1));

        await RestartAsync();
        Assert.Equal(1, await Silo.Borrowed("L1", "draw"));
        await reminders.ArmedAsync(ReminderWatch.Borrow(borrow.BorrowId), Silo.Address);
        Clock.Advance(TimeSpan.FromHours(4) + ReminderClock.Delivery);

        Assert.True(await Eventually(async () => await Silo.Borrowed("L1", "draw") == 0));
        Assert.True(await Eventually(async () => (await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Get())!.Status == BorrowStatus.Expired));
    }

    [Fact]
    public async Task Only_a_distributable_license_distributes()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 2));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.New())
            .Borrow(Command("cad", 0, ("draw", 1)) with { Distribute = true }, CancellationToken.None));

        Assert.Equal(ErrorCodes.BorrowNotAllowed, refused.Code);
        Assert.Contains("distribution", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offline_request_is_lent_once_and_returned_only_by_the_borrowing_machine()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 2));
        var requestId = new string('a', 32);
        var borrowId = BorrowIds.ForRequest(requestId);
        var grain = Silo.Grains.GetGrain<IBorrowGrain>(borrowId);
        var command = Command("cad", 8, ("draw", 1)) with
        {
            Client = new ClientInfo("bob", "field-pc", null, "fp-field"),
            Offline = new OfflineBorrowRequest(requestId, "digest", "client-key"),
        };

        var lent = await grain.Borrow(command, CancellationToken.None);
        var replay = await Assert.ThrowsAsync<LicensingException>(() => grain.Borrow(command, CancellationToken.None));

        Assert.Equal("fp-field", lent.Fingerprint);
        Assert.Equal(ErrorCodes.BorrowReplayed, replay.Code);
        Assert.Equal(1, await Silo.Borrowed("L1", "draw"));

        var foreignKey = await Assert.ThrowsAsync<LicensingException>(() => grain.ReturnOffline(new OfflineReturn(new string('b', 32), "fp-field", "other-key"), CancellationToken.None));
        Assert.Equal(ErrorCodes.BorrowFileInvalid, foreignKey.Code);
        var foreignMachine = await Assert.ThrowsAsync<LicensingException>(() => grain.ReturnOffline(new OfflineReturn(new string('b', 32), "fp-other", "client-key"), CancellationToken.None));
        Assert.Equal(ErrorCodes.FingerprintMismatch, foreignMachine.Code);

        var returned = await grain.ReturnOffline(new OfflineReturn(new string('b', 32), "fp-field", "client-key"), CancellationToken.None);
        Assert.Equal(BorrowStatus.Returned, returned.Status);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
        var again = await Assert.ThrowsAsync<LicensingException>(() => grain.ReturnOffline(new OfflineReturn(new string('b', 32), "fp-field", "client-key"), CancellationToken.None));
        Assert.Equal(ErrorCodes.BorrowReplayed, again.Code);
    }

    [Fact]
    public async Task A_refused_offline_request_may_be_tried_again_later()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 1));
        await Silo.Login("s1", "cad", ("draw", 1));
        var requestId = new string('c', 32);
        var grain = Silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.ForRequest(requestId));
        var command = Command("cad", 8, ("draw", 1)) with { Offline = new OfflineBorrowRequest(requestId, "digest", "client-key") };

        var full = await Assert.ThrowsAsync<LicensingException>(() => grain.Borrow(command, CancellationToken.None));
        await Silo.Grains.GetGrain<OrleansLicense.Grains.Sessions.ISessionGrain>("s1").Logout(CancellationToken.None);
        var lent = await grain.Borrow(command, CancellationToken.None);

        Assert.Equal(ErrorCodes.SeatsExhausted, full.Code);
        Assert.Equal(BorrowStatus.Active, lent.Status);
    }
}
