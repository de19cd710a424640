using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Settings;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// This silo's copy of what every login reads and almost nothing changes: the settings, the
/// licenses of a product and each license's summary (and, for logouts, the list of pools). Without it a login made three grain calls
/// to three single hot grains before it could ask for a seat.
/// </summary>
/// <remarks>
/// The grains that own the data drop the copy on their own silo when they change it, so a single
/// silo never answers from stale data. In a grid a change made on another silo reaches this copy by
/// expiry, after <see cref="LicensingOptions.LoginLookupMaxAge"/>; the settings grain waits that long
/// before it answers a switch of maintenance mode, so once the switch is answered every silo follows
/// it (R-MAINT-1). The seat pools stay the authority for deactivated licenses and disabled
/// features: a stale summary can only lead to a refusal there. Answers that find nothing are never
/// kept, so a license imported on another silo serves at once.
/// </remarks>
internal sealed class LoginLookups(IOptions<LicensingOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<string>>> _products = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<LicenseSummary>> _summaries = new(StringComparer.Ordinal);
    private Entry<SettingsView>? _settings;
    private Entry<IReadOnlyList<LicensePool>>? _pools;

    // Bumped by every invalidation: an answer fetched across an invalidation is used once but not kept.
    private long _generation;

    /// <summary>How long a change made on another silo may go unseen here: none on a single silo.</summary>
    public TimeSpan MaxAge => options.Value.InGrid ? options.Value.LoginLookupMaxAge : Timeout.InfiniteTimeSpan;

    /// <summary>How long a change takes to reach every silo's copy; zero on a single silo.</summary>
    public TimeSpan PropagationDelay => options.Value.InGrid ? options.Value.LoginLookupMaxAge : TimeSpan.Zero;

    /// <summary>The settings.</summary>
    public async ValueTask<SettingsView> SettingsAsync(IGrainFactory grains)
    {
        if (_settings is { } kept && IsFresh(kept))
        {
            return kept.Value;
        }

        var generation = Volatile.Read(ref _generation);
        var settings = await grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get();
        if (Volatile.Read(ref _generation) == generation)
        {
            _settings = NewEntry(settings);
        }

        return settings;
    }

    /// <summary>The ids of the licenses of a product, in import order.</summary>
    public async ValueTask<IReadOnlyList<string>> LicensesOfAsync(IGrainFactory grains, string product)
    {
        if (_products.TryGetValue(product, out var kept) && IsFresh(kept))
        {
            return kept.Value;
        }

        var generation = Volatile.Read(ref _generation);
        var ids = await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(product);
        if (ids.Count > 0 && Volatile.Read(ref _generation) == generation)
        {
            _products[product] = NewEntry(ids);
        }

        return ids;
    }

    /// <summary>A license's summary, or null when there is no such license.</summary>
    public async ValueTask<LicenseSummary?> SummaryAsync(IGrainFactory grains, string licenseId)
    {
        if (_summaries.TryGetValue(licenseId, out var kept) && IsFresh(kept))
        {
            return kept.Value;
        }

        var generation = Volatile.Read(ref _generation);
        var summary = await grains.GetGrain<ILicenseGrain>(licenseId).GetSummary();
        if (summary is not null && Volatile.Read(ref _generation) == generation)
        {
            _summaries[licenseId] = NewEntry(summary);
        }

        return summary;
    }

    /// <summary>Every pool that may hold seats (<see cref="LicenseQueries.ListPoolsAsync"/>), for logouts (<see cref="Logins"/>).</summary>
    public async ValueTask<IReadOnlyList<LicensePool>> PoolsAsync(LicenseQueries queries, CancellationToken cancellationToken)
    {
        if (_pools is { } kept && IsFresh(kept))
        {
            return kept.Value;
        }

        var generation = Volatile.Read(ref _generation);
        var pools = await queries.ListPoolsAsync(cancellationToken);
        if (Volatile.Read(ref _generation) == generation)
        {
            _pools = NewEntry(pools);
        }

        return pools;
    }

    /// <summary>Drops the settings (the settings grain changed them on this silo).</summary>
    public void InvalidateSettings()
    {
        Interlocked.Increment(ref _generation);
        _settings = null;
    }

    /// <summary>Drops the license list and summaries (a license or the index changed on this silo).</summary>
    public void InvalidateLicenses()
    {
        Interlocked.Increment(ref _generation);
        _products.Clear();
        _summaries.Clear();
        _pools = null;
    }

    private Entry<T> NewEntry<T>(T value)
    {
        var maxAge = MaxAge;
        return new Entry<T>(value, maxAge == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock.GetUtcNow() + maxAge);
    }

    private bool IsFresh<T>(Entry<T> entry) => entry.Until == DateTimeOffset.MaxValue || clock.GetUtcNow() < entry.Until;

    private sealed record Entry<T>(T Value, DateTimeOffset Until);
}
