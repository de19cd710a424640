using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Tests.Support;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Grains.Tests.Borrows;

/// <summary>Borrow helpers on any silo's grain factory, and on the shared test silo.</summary>
internal static class BorrowTestExtensions
{
    public static readonly LicenseFlags Borrowable = LicenseFlags.None with { Borrowable = true };

    public static readonly LicenseFlags Distributable = LicenseFlags.None with { Borrowable = true, Distributable = true };

    public static Task ImportWith(this LicenseSilo silo, string id, string product, LicenseFlags flags, params (string Name, int Seats)[] features)
        => silo.Grains.ImportWith(silo.Vendor, silo.Clock.GetUtcNow(), id, product, flags, features);

    public static Task ImportWith(this IGrainFactory grains, VendorKeyPair vendor, DateTimeOffset now, string id, string product, LicenseFlags flags, params (string Name, int Seats)[] features)
        => grains.GetGrain<ILicenseGrain>(id).Import(
            LicenseIssuer.Issue(
                new LicenseDocument(id, product, LicenseEdition.Standard, now.AddDays(-1), null, flags, [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
                vendor),
            CancellationToken.None);

    public static Task<BorrowInfo> Borrow(this LicenseSilo silo, string borrowId, string product, int hours, params (string Name, int Count)[] features)
        => silo.Grains.Borrow(borrowId, product, hours, features);

    public static Task<BorrowInfo> Borrow(this IGrainFactory grains, string borrowId, string product, int hours, params (string Name, int Count)[] features)
        => grains.GetGrain<IBorrowGrain>(borrowId).Borrow(Command(product, hours, features), CancellationToken.None);

    public static BorrowCommand Command(string product, int hours, params (string Name, int Count)[] features)
        => new(product, null, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], hours, false, new ClientInfo("ann", "laptop-1", "cad.exe", "fp-laptop-1"), null, FromThisMachine: true);

    public static Task<int> Borrowed(this LicenseSilo silo, string licenseId, string feature) => silo.Grains.Borrowed(licenseId, feature);

    public static async Task<int> Borrowed(this IGrainFactory grains, string licenseId, string feature)
    {
        var view = await grains.GetGrain<ILicenseGrain>(licenseId).Get(CancellationToken.None);
        return view!.Features.Single(f => f.Name == feature).Borrowed;
    }

    public static async Task<int> Free(this LicenseSilo silo, string licenseId, string feature)
    {
        var view = await silo.Grains.GetGrain<ILicenseGrain>(licenseId).Get(CancellationToken.None);
        return view!.Features.Single(f => f.Name == feature).Free;
    }
}
