using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The live borrows, found through the feature pools that lend their seats (no list grain is written per borrow).</summary>
internal static class BorrowQueries
{
    public static async Task<IReadOnlyList<BorrowInfo>> ListActiveAsync(LicenseQueries licenses, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Dropped features' pools too: a borrow keeps its seats until it ends, whatever the next license file says.
        var pools = await licenses.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
        var lent = await Task.WhenAll(pools.Select(p =>
            grains.GetGrain<IFeatureGrain>(FeatureKey.Of(p.LicenseId, p.Feature)).ListBorrows())).ConfigureAwait(false);
        var ids = lent.SelectMany(l => l).Select(b => b.BorrowId).Distinct(StringComparer.Ordinal).ToArray();
        var borrows = await Task.WhenAll(ids.Select(id => grains.GetGrain<IBorrowGrain>(id).Get())).ConfigureAwait(false);
        return [.. borrows.OfType<BorrowInfo>().Where(b => b.Status == BorrowStatus.Active).OrderBy(b => b.BorrowedAt)];
    }
}
