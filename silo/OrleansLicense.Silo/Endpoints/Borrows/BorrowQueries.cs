using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The live borrows, found through the feature pools that lend their seats (no list grain is written per borrow).</summary>
internal static class BorrowQueries
{
    public static async Task<IReadOnlyList<BorrowInfo>> ListActiveAsync(LicenseQueries licenses, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var views = await licenses.ListLicensesAsync(cancellationToken).ConfigureAwait(false);
        var lent = await Task.WhenAll(views.SelectMany(l => l.Features.Select(f =>
            grains.GetGrain<IFeatureGrain>(FeatureKey.Of(l.Id, f.Name)).ListBorrows()))).ConfigureAwait(false);
        var ids = lent.SelectMany(l => l).Select(b => b.BorrowId).Distinct(StringComparer.Ordinal).ToArray();
        var borrows = await Task.WhenAll(ids.Select(id => grains.GetGrain<IBorrowGrain>(id).Get())).ConfigureAwait(false);
        return [.. borrows.OfType<BorrowInfo>().Where(b => b.Status == BorrowStatus.Active).OrderBy(b => b.BorrowedAt)];
    }
}
