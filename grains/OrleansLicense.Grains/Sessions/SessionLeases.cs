using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Seats;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Finds a session that has not stored its row in the pools' leases, where each login's grant stored who logged in with
/// the seats (<see cref="SessionRecord"/>). It asks every pool that may hold seats and that the id's hint names
/// (<see cref="SessionHints"/>), so a session grain looks only for ids this grid issued (<see cref="IIssuedSessionIds"/>).
/// </summary>
internal sealed class SessionLeases(LicenseQueries queries, LoginLookups lookups, GrainReferences references)
{
    /// <summary>The live session as its leases tell it, or null when no pool holds it (it ended, or never took a seat).</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="now">When it is found: its login time when no grant stored a record.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public async Task<SessionState?> FindAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The pools its id's hint names, first from this silo's copy of the list (every first heartbeat looks), then,
        // when none holds it, from the licenses themselves: a license imported on another silo may be missing here.
        var hint = SessionHints.InId(sessionId);
        var known = (await lookups.PoolsAsync(queries, cancellationToken)).Where(p => SessionHints.MayHold(hint, p.Product, p.Feature)).ToList();
        var held = await LeasesAsync(sessionId, known);
        if (held.Count == 0)
        {
            var fresh = (await queries.ListPoolsAsync(cancellationToken)).Where(p => SessionHints.MayHold(hint, p.Product, p.Feature)).Except(known).ToList();
            held = await LeasesAsync(sessionId, fresh);
        }

        if (held.Count == 0)
        {
            return null;
        }

        // A session's seats all come from one license; the record names the login's features in its order.
        var record = held.Select(h => h.Lease.Session).FirstOrDefault(r => r is not null);
        var licenseId = held[0].Pool.LicenseId;
        var order = record?.Features.Select(f => f.Name).ToList() ?? [];
        return new SessionState
        {
            Status = SessionStatus.Active,
            Product = record?.Product ?? held[0].Pool.Product,
            LicenseId = licenseId,
            Client = record?.Client,
            Address = record?.Address,
            Features = [.. held.Where(h => h.Pool.LicenseId == licenseId)
                .OrderBy(h => order.IndexOf(h.Pool.Feature) is var i and >= 0 ? i : int.MaxValue)
                .Select(h => new FeatureRequest(h.Pool.Feature, h.Lease.Count))],
            Since = record?.Since ?? now,
            TimeoutSeconds = held[0].Lease.TimeoutSeconds,
        };
    }

    private async Task<List<(LicensePool Pool, LeaseInfo Lease)>> LeasesAsync(string sessionId, IReadOnlyList<LicensePool> pools)
    {
        if (pools.Count == 0)
        {
            return [];
        }

        var leases = await Task.WhenAll(pools.Select(p => references.Get<IFeatureGrain>(FeatureKey.Of(p.LicenseId, p.Feature)).GetLease(sessionId)));
        return [.. pools.Zip(leases, (pool, lease) => (Pool: pool, Lease: lease!)).Where(h => h.Lease is not null)];
    }
}
