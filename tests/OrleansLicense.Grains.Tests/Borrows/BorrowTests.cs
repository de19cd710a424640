using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;
using static OrleansLicense.Grains.Tests.Borrows.BorrowTestExtensions;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>R-BOR-1..3, R-SESS-2: borrowed seats count against the pool, limits, early return, all or none.</summary>
public sealed class BorrowTests : SiloTestBase
{
    [Fact]
    public async Task Borrowed_seats_count_as_used_until_returned()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));
        await Silo.Login("s1", "cad", ("draw", 1));

        var borrow = await Silo.Borrow(BorrowIds.New(), "cad", 24, ("draw", 2));

        Assert.Equal(BorrowStatus.Active, borrow.Status);
        Assert.Equal("L1", borrow.LicenseId);
        Assert.Equal(Clock.GetUtcNow().AddHours(24), borrow.Until);
        Assert.Equal("fp-laptop-1", borrow.Fingerprint);
        Assert.True(borrow.Returnable);
        Assert.Equal(2, await Silo.Borrowed("L1", "draw"));
        Assert.Equal(0, await Silo.Free("L1", "draw"));

        // R-SESS-2: held + borrowed <= seats, for logins and for further borrows.
        var login = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 1)));
        Assert.Equal(ErrorCodes.SeatsExhausted, login.Code);
        var more = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", 1, ("draw", 1)));
        Assert.Equal(ErrorCodes.SeatsExhausted, more.Code);

        var returned = await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Return(CancellationToken.None);
        Assert.Equal(BorrowStatus.Returned, returned.Status);
        Assert.Equal(Clock.GetUtcNow(), returned.EndedAt);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
        await Silo.Login("s2", "cad", ("draw", 2));

        // Returning again changes nothing.
        var again = await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Return(CancellationToken.None);
        Assert.Equal(BorrowStatus.Returned, again.Status);
        Assert.Equal(3, await Silo.Used("L1", "draw"));
    }

    // A call whose answer was lost with a silo is delivered again by the router (R-CL-1): it must not lend twice.
    [Fact]
    public async Task An_online_borrow_delivered_twice_answers_the_same_borrow_and_lends_once()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));
        var id = BorrowIds.New();

        var first = await Silo.Borrow(id, "cad", 24, ("draw", 2));
        var again = await Silo.Borrow(id, "cad", 24, ("draw", 2));

        Assert.Equal(first.BorrowId, again.BorrowId);
        Assert.Equal(first.Until, again.Until);
        Assert.Equal(2, await Silo.Borrowed("L1", "draw"));
        var other = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(id, "cad", 24, ("draw", 1)));
        Assert.Equal(ErrorCodes.BadRequest, other.Code);
    }

    [Fact]
    public async Task A_license_that_is_not_borrowable_refuses_with_borrow_not_allowed()
    {
        await Silo.Import("L1", "cad", ("draw", 3));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", 1, ("draw", 1)));

        Assert.Equal(ErrorCodes.BorrowNotAllowed, refused.Code);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(720, true)]
    [InlineData(721, false)]
    [InlineData(0, false)]
    public async Task Without_a_rule_the_limit_is_720_hours(int hours, bool lent)
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));

        if (lent)
        {
            var borrow = await Silo.Borrow(BorrowIds.New(), "cad", hours, ("draw", 1));
            Assert.Equal(Clock.GetUtcNow().AddHours(hours), borrow.Until);
            return;
        }

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", hours, ("draw", 1)));
        Assert.Equal(hours < 1 ? ErrorCodes.BadRequest : ErrorCodes.BorrowLimit, refused.Code);
        if (hours > 1)
        {
            Assert.Contains("limit of 720 hours", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
    }

    [Theory]
    [InlineData(4320, true)]
    [InlineData(4321, false)]
    public async Task A_product_rule_raises_the_limit_up_to_4320_hours(int hours, bool lent)
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));
        await SetRule("cad", 4320);

        if (lent)
        {
            var borrow = await Silo.Borrow(BorrowIds.New(), "cad", hours, ("draw", 1));
            Assert.Equal(Clock.GetUtcNow().AddHours(4320), borrow.Until);
            return;
        }

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", hours, ("draw", 1)));
        Assert.Equal(ErrorCodes.BorrowLimit, refused.Code);
        Assert.Contains("limit of 4320 hours", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_above_4320_hours_is_refused_and_a_lower_rule_applies()
    {
        var settings = Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);
        var refused = await Assert.ThrowsAsync<LicensingException>(() => SetRule("cad", 4321));
        Assert.Equal(ErrorCodes.BadRequest, refused.Code);

        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));
        await SetRule("cad", 24);
        await Silo.Borrow(BorrowIds.New(), "cad", 24, ("draw", 1));
        var over = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", 25, ("draw", 1)));
        Assert.Equal(ErrorCodes.BorrowLimit, over.Code);
        Assert.Contains("limit of 24 hours", over.Message, StringComparison.Ordinal);
        Assert.Equal(24, (await settings.Get()).BorrowRules["cad"].MaxHours);
    }

    [Fact]
    public async Task A_multi_feature_borrow_takes_all_or_none()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3), ("render", 1));
        await Silo.Login("s1", "cad", ("render", 1));

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", 8, ("draw", 2), ("render", 1)));

        Assert.Equal(ErrorCodes.SeatsExhausted, refused.Code);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
        Assert.Equal(0, await Silo.Borrowed("L1", "render"));
    }

    [Fact]
    public async Task Naming_no_feature_borrows_one_seat_of_each_like_Bit_CheckOutSn()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3), ("render", 2));

        var borrow = await Silo.Borrow(BorrowIds.New(), "cad", 8);

        Assert.Equal(["draw", "render"], borrow.Features.Select(f => f.Name));
        Assert.Equal(1, await Silo.Borrowed("L1", "draw"));
        Assert.Equal(1, await Silo.Borrowed("L1", "render"));
    }

    [Fact]
    public async Task Borrowing_is_refused_in_maintenance_but_returning_works()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 3));
        var borrow = await Silo.Borrow(BorrowIds.New(), "cad", 8, ("draw", 1));
        await Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).SetMaintenance(true, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Borrow(BorrowIds.New(), "cad", 8, ("draw", 1)));
        await Silo.Grains.GetGrain<IBorrowGrain>(borrow.BorrowId).Return(CancellationToken.None);

        Assert.Equal(ErrorCodes.Maintenance, refused.Code);
        Assert.Equal(0, await Silo.Borrowed("L1", "draw"));
    }

    [Fact]
    public async Task Many_parallel_borrows_and_logins_never_over_grant()
    {
        await Silo.ImportWith("L1", "cad", Borrowable, ("draw", 40));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                if (i % 2 == 0)
                {
                    await Silo.Borrow(BorrowIds.New(), "cad", 8, ("draw", 1));
                }
                else
                {
                    await Silo.Login($"p{i}", "cad", ("draw", 1));
                }

                return true;
            }
            catch (LicensingException ex) when (ex.Code == ErrorCodes.SeatsExhausted)
            {
                return false;
            }
        }));

        Assert.Equal(40, outcomes.Count(granted => granted));
        Assert.Equal(40, await Silo.Used("L1", "draw") + await Silo.Borrowed("L1", "draw"));
    }

    [Fact]
    public async Task An_unknown_borrow_is_not_found()
    {
        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.New()).Return(CancellationToken.None));

        Assert.Equal(ErrorCodes.NotFound, refused.Code);
        Assert.Null(await Silo.Grains.GetGrain<IBorrowGrain>(BorrowIds.New()).Get());
    }

    private Task SetRule(string product, int maxHours)
        => Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Update(
            new SettingsView(120, false, new Dictionary<string, BorrowRuleView> { [product] = new(maxHours) }),
            CancellationToken.None);
}
