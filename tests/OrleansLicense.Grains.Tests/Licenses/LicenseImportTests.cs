using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Grains.Tests.Licenses;

/// <summary>R-LIC-1..5, R-BOR-6: import verifies, refusals change nothing, deactivation and disabled features, local-only.</summary>
public sealed class LicenseImportTests : SiloTestBase
{
    [Fact]
    public async Task An_imported_license_shows_its_features_and_flags()
    {
        var text = Silo.Issue("L1", "cad", [("draw", 5), ("render", 2)], LicenseFlags.None with { Borrowable = true });

        var view = await Silo.Grains.GetGrain<ILicenseGrain>("L1").Import(text, CancellationToken.None);

        Assert.Equal("cad", view.Product);
        Assert.Equal("active", view.Status);
        Assert.True(view.Flags.Borrowable);
        Assert.Equal([("draw", 5, 5), ("render", 2, 2)], view.Features.Select(f => (f.Name, f.Seats, f.Free)));
        Assert.Equal(["L1"], await Silo.Grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List());
    }

    [Fact]
    public async Task A_tampered_document_a_foreign_key_and_an_expired_license_are_refused_and_change_nothing()
    {
        var good = Silo.Issue("L1", "cad", [("draw", 5)]);
        var tampered = good.Replace("\"seats\":5", "\"seats\":9", StringComparison.Ordinal);
        var foreign = Silo.Issue("L1", "cad", [("draw", 5)], key: VendorKeyPair.Generate());
        var expired = Silo.Issue("L1", "cad", [("draw", 5)], expires: Silo.Clock.GetUtcNow().AddSeconds(-1));
        var grain = Silo.Grains.GetGrain<ILicenseGrain>("L1");

        Assert.NotEqual(good, tampered);
        Assert.Equal(ErrorCodes.LicenseSignatureInvalid, (await Assert.ThrowsAsync<LicensingException>(() => grain.Import(tampered, CancellationToken.None))).Code);
        Assert.Equal(ErrorCodes.LicenseSignatureInvalid, (await Assert.ThrowsAsync<LicensingException>(() => grain.Import(foreign, CancellationToken.None))).Code);
        Assert.Equal(ErrorCodes.LicenseExpired, (await Assert.ThrowsAsync<LicensingException>(() => grain.Import(expired, CancellationToken.None))).Code);
        Assert.Null(await grain.Get(CancellationToken.None));
        Assert.Empty(await Silo.Grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List());
    }

    [Fact]
    public async Task A_re_import_may_not_drop_borrowable_or_distributable()
    {
        var grain = Silo.Grains.GetGrain<ILicenseGrain>("L1");
        await grain.Import(Silo.Issue("L1", "cad", [("draw", 5)], LicenseFlags.None with { Borrowable = true, Distributable = true }), CancellationToken.None);

        var error = await Assert.ThrowsAsync<LicensingException>(() => grain.Import(Silo.Issue("L1", "cad", [("draw", 9)], LicenseFlags.None with { Borrowable = true }), CancellationToken.None));

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Equal(5, (await grain.Get(CancellationToken.None))!.Features.Single().Seats);

        // A re-import that keeps the flags may change the seats.
        await grain.Import(Silo.Issue("L1", "cad", [("draw", 9)], LicenseFlags.None with { Borrowable = true, Distributable = true }), CancellationToken.None);
        Assert.Equal(9, (await grain.Get(CancellationToken.None))!.Features.Single().Seats);
    }

    [Fact]
    public async Task A_deactivated_license_grants_nothing_and_a_disabled_feature_leaves_the_others_usable()
    {
        await Silo.Import("L1", "cad", ("draw", 5), ("render", 5));
        var grain = Silo.Grains.GetGrain<ILicenseGrain>("L1");

        await grain.SetFeatureEnabled("render", false, CancellationToken.None);
        await Silo.Login("s1", "cad", ("draw", 1));
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("render", 1)))).Code);
        Assert.False((await grain.Get(CancellationToken.None))!.Features.Single(f => f.Name == "render").Enabled);

        await grain.Deactivate(CancellationToken.None);
        Assert.Equal("deactivated", (await grain.Get(CancellationToken.None))!.Status);
        Assert.Equal(ErrorCodes.LicenseDeactivated, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s3", "cad", ("draw", 1)))).Code);
    }

    [Fact]
    public async Task A_local_only_license_serves_loopback_clients_only()
    {
        var text = Silo.Issue("L1", "cad", [("draw", 5)], LicenseFlags.None with { LocalOnly = true });
        await Silo.Grains.GetGrain<ILicenseGrain>("L1").Import(text, CancellationToken.None);

        var remote = Silo.Logins.Login(
            "s1",
            new OrleansLicense.Grains.Sessions.LoginCommand("cad", [new("draw", 1)], null, "10.1.2.3", IsLoopback: false), CancellationToken.None);

        Assert.Equal(ErrorCodes.LocalOnly, (await Assert.ThrowsAsync<LicensingException>(() => remote)).Code);
        await Silo.Login("s2", "cad", ("draw", 1));
        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Fact]
    public async Task A_license_that_expires_after_import_stops_granting()
    {
        var text = Silo.Issue("L1", "cad", [("draw", 5)], expires: Silo.Clock.GetUtcNow().AddHours(1));
        await Silo.Grains.GetGrain<ILicenseGrain>("L1").Import(text, CancellationToken.None);
        await Silo.Login("s1", "cad", ("draw", 1));

        Silo.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ErrorCodes.LicenseExpired, (await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 1)))).Code);
    }
}
