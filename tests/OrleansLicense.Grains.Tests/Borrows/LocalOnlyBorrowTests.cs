using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Documents;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>
/// Issue 14, item 11 (R-LIC-5): a local-only license is checked on every path that takes a seat, not only at login:
/// a check-out and an online borrow from another machine, and any offline borrow, are refused with local_only.
/// </summary>
public sealed class LocalOnlyBorrowTests : SiloTestBase
{
    private static readonly LicenseFlags LocalBorrowable = LicenseFlags.None with { Borrowable = true, LocalOnly = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_check_out_from_another_machine_is_refused_and_takes_nothing()
    {
        await Silo.ImportWith("L1", "cad", LocalBorrowable, ("draw", 5));
        await Silo.Login("s1", "cad", ("draw", 1));
        var session = Silo.Grains.GetGrain<ISessionGrain>("s1");

        var refused = await Assert.ThrowsAsync<LicensingException>(() => session.CheckOut([new FeatureRequest("draw", 1)], requestId: null, fromThisMachine: false, Ct));

        Assert.Equal(ErrorCodes.LocalOnly, refused.Code);
        Assert.Equal(1, await Silo.Used("L1", "draw"));
        await session.CheckOut([new FeatureRequest("draw", 1)], requestId: null, fromThisMachine: true, Ct);
        Assert.Equal(2, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task An_online_borrow_from_another_machine_is_refused_and_one_from_this_machine_is_lent()
    {
        await Silo.ImportWith("L1", "cad", LocalBorrowable, ("draw", 5));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<IBorrowGrain>("b1")
            .Borrow(Command("cad", 1, ("draw", 1)) with { FromThisMachine = false }, Ct));
        var lent = await Silo.Grains.GetGrain<IBorrowGrain>("b2").Borrow(Command("cad", 1, ("draw", 1)), Ct);

        Assert.Equal(ErrorCodes.LocalOnly, refused.Code);
        Assert.Equal(BorrowStatus.Active, lent.Status);
        Assert.Equal(1, await Silo.Borrowed("L1", "draw"));
    }

    [Fact]
    public async Task An_offline_borrow_of_a_local_only_license_is_refused()
    {
        await Silo.ImportWith("L1", "cad", LocalBorrowable, ("draw", 5));
        var requestId = new string('d', 32);
        var command = Command("cad", 8, ("draw", 1)) with { Offline = new OfflineBorrowRequest(requestId, "digest", "client-key"), FromThisMachine = false };

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.ForRequest(requestId)).Borrow(command, Ct));

        Assert.Equal(ErrorCodes.LocalOnly, refused.Code);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
    }
}
