using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Queries;

/// <summary>
/// Views across grains for the admin API and dashboard: every license, every live session. Sessions are found
/// through the feature leases (and the index of sessions without seats), so no single grain is written on every
/// login just to keep a list.
/// </summary>
/// <remarks>
/// Every holder of a pool is listed this way, whatever crashed when. A login's grants store who logged in with the
/// seats, and the session stores its own row only at its first heartbeat (see <see cref="SessionGrain"/>), so until
/// then, and after a crash, a session is neither stored nor active: it is listed from its leases and the record they
/// carry, and <see cref="ReleaseUnrecordedAsync"/> frees it.
/// </remarks>
public sealed class LicenseQueries(IGrainFactory grains)
{
    /// <summary>Every imported license with live seat counts, in import order.</summary>
    public async Task<IReadOnlyList<LicenseView>> ListLicensesAsync(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<ILicenseGrain>(id).Get(cancellationToken)));
        return [.. views.OfType<LicenseView>()];
    }

    /// <summary>
    /// Every live session, oldest first: the pools' holders, and the sessions that hold no seat. A holder whose
    /// session is not stored as live is listed from its leases.
    /// </summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken)
    {
        var leases = await ListLeasesAsync(cancellationToken);
        var seatless = await Task.WhenAll(ISeatlessSessionsGrain.AllShards.Select(shard => grains.GetGrain<ISeatlessSessionsGrain>(shard).List()));

        // A session every pool knows as unstored (no heartbeat yet) has no grain to ask: its leases are all there is.
        var unstored = leases.GroupBy(l => l.Lease.SessionId, StringComparer.Ordinal).Where(g => g.All(l => l.Lease.Unstored)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var sessionIds = leases.Select(l => l.Lease.SessionId)
            .Concat(seatless.SelectMany(ids => ids))
            .Where(id => !unstored.Contains(id))
            .Distinct(StringComparer.Ordinal).ToArray();
        var sessions = await Task.WhenAll(sessionIds.Select(id => grains.GetGrain<ISessionGrain>(id).GetInfo()));
        var live = sessions.OfType<SessionInfo>().Where(s => s.Status == SessionStatus.Active).ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var unrecorded = leases.Where(l => !live.ContainsKey(l.Lease.SessionId)).GroupBy(l => l.Lease.SessionId, StringComparer.Ordinal).Select(FromLeases);
        return [.. live.Values.Concat(unrecorded).OrderBy(s => s.Since)];
    }

    /// <summary>
    /// Gives back at every pool the seats of a holder whose session is not stored as live (see the remarks);
    /// false when no pool has a lease for it.
    /// </summary>
    public async Task<bool> ReleaseUnrecordedAsync(string sessionId, CancellationToken cancellationToken)
    {
        var held = (await ListLeasesAsync(cancellationToken)).Where(l => l.Lease.SessionId == sessionId).ToList();
        await Task.WhenAll(held.Select(l => Pool(l.LicenseId, l.Feature).End(sessionId, cancellationToken)));
        return held.Count > 0;
    }

    /// <summary>
    /// The pools that may hold seats: every licensed feature's, and every feature's a later license file dropped (its
    /// sessions and borrows keep their seats until they end, and an administrator must still see and end them).
    /// </summary>
    /// <remarks>Read from each license's terms: a license view would also ask every pool for its usage.</remarks>
    public async Task<IReadOnlyList<LicensePool>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List();
        var terms = await Task.WhenAll(ids.Select(id => grains.GetGrain<ILicenseGrain>(id).GetTerms()));
        return [.. terms.OfType<LicenseTerms>().SelectMany(t => t.Features
            .Union(t.DroppedFeatures ?? [], StringComparer.Ordinal)
            .Select(feature => new LicensePool(t.Id, t.Product, feature)))];
    }

    private async Task<IReadOnlyList<HeldLease>> ListLeasesAsync(CancellationToken cancellationToken)
    {
        var pools = await ListPoolsAsync(cancellationToken);
        var leaseLists = await Task.WhenAll(pools.Select(p => Pool(p.LicenseId, p.Feature).ListLeases()));
        return [.. pools.Zip(leaseLists).SelectMany(x => x.Second.Select(lease => new HeldLease(x.First.LicenseId, x.First.Product, x.First.Feature, lease)))];
    }

    // A holder known only from its leases: who it is comes from the login's record when a grant stored one; "since" is
    // the login, or else the leases' last renewal, which is also the last heartbeat the pools know of.
    private static SessionInfo FromLeases(IGrouping<string, HeldLease> leases)
    {
        var first = leases.First();
        var record = leases.Select(l => l.Lease.Session).FirstOrDefault(r => r is not null);
        var renewed = leases.Min(l => l.Lease.ExpiresAt.AddSeconds(-l.Lease.TimeoutSeconds));
        return new SessionInfo(leases.Key, record?.Product ?? first.Product, first.LicenseId, record?.Client, record?.Address, [.. leases.Select(l => new FeatureRequest(l.Feature, l.Lease.Count))], record?.Since ?? renewed, renewed, SessionStatus.Active);
    }

    private IFeatureGrain Pool(string licenseId, string feature) => grains.GetGrain<IFeatureGrain>(FeatureKey.Of(licenseId, feature));

    private sealed record HeldLease(string LicenseId, string Product, string Feature, LeaseInfo Lease);
}
