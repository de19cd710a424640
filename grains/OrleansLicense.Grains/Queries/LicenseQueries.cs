using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Queries;

/// <summary>
/// Read-only views across grains for the admin API and dashboard: every license, every live
/// session. Sessions are found through the feature leases, so no single grain is written on
/// every login just to keep a list.
/// </summary>
/// <remarks>
/// Every holder of a pool is listed this way, whatever crashed when: a session is stored, naming its
/// features, before a pool grants it a seat, and gives its seats back before it is stored as ended
/// (see <see cref="SessionGrain"/>), so each holder's session is live and its removal frees the seats.
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

    /// <summary>Every live session, oldest first: the pools' holders, and the sessions that hold no seat.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken)
    {
        var licenses = await ListLicensesAsync(cancellationToken);
        var leaseLists = await Task.WhenAll(licenses.SelectMany(l => l.Features.Select(f =>
            grains.GetGrain<IFeatureGrain>(FeatureKey.Of(l.Id, f.Name)).ListLeases())));
        var seatless = await Task.WhenAll(ISeatlessSessionsGrain.AllShards.Select(shard => grains.GetGrain<ISeatlessSessionsGrain>(shard).List()));
        var sessionIds = leaseLists.SelectMany(l => l).Select(l => l.SessionId)
            .Concat(seatless.SelectMany(ids => ids))
            .Distinct(StringComparer.Ordinal).ToArray();
        var sessions = await Task.WhenAll(sessionIds.Select(id => grains.GetGrain<ISessionGrain>(id).GetInfo()));
        return [.. sessions.OfType<SessionInfo>().Where(s => s.Status == SessionStatus.Active).OrderBy(s => s.Since)];
    }
}
