using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Usage;

/// <summary>
/// Daily peaks of one license, folded from its pools' event logs (R-USE-3). On each query the new events of every
/// feature are read, merged in time order, and replayed: a feature's level is the seats held plus borrowed, the
/// license's level is the number of distinct holders (sessions and borrows). A day's peak is the highest level
/// reached in it, counting what was still held when it began.
/// </summary>
/// <remarks>
/// The peaks also fold when a pool pokes <see cref="CatchUp"/> after a snapshot, and after every stored fold they
/// tell each pool how far that fold reaches, so the pool can delete the events both it and the peaks are done with
/// (#12 storage growth). Only the stored cursors are told: a fold lost with its write is read again from the log.
/// A pool answers the events it committed since the last told cursor from memory, so a fold after a snapshot reads
/// nothing back from the store (#12 CPU).
/// </remarks>
[GrainType("peak")]
internal sealed partial class PeakGrain(
    [PersistentState("peaks", LicenseStorage.StateStorageName)] IPersistentState<PeakState> peaks,
    TimeProvider clock,
    ILogger<PeakGrain> logger) : Grain, IPeakGrain
{
    /// <summary>The longest range one query answers.</summary>
    public const int MaxDays = 3660;

    private const int PageSize = 1000;

    // The cursors as last stored (or read), and what each pool was last told of them.
    private readonly Dictionary<string, long> _told = new(StringComparer.Ordinal);
    private Dictionary<string, long> _stored = new(StringComparer.Ordinal);

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = new Dictionary<string, long>(peaks.State.Cursors, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public async Task CatchUp()
    {
        try
        {
            if (await GrainFactory.GetGrain<ILicenseGrain>(Key).GetTerms() is { } terms)
            {
                await CatchUpAsync(Folded(terms), CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // Nobody waits on a poke; the next one, or the next query, folds again from the stored cursors.
            LogWarningCatchUpFailed(logger, ex, Key);
        }
    }

    public async Task<IReadOnlyList<PeakDayInfo>> GetDays(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var terms = await GrainFactory.GetGrain<ILicenseGrain>(Key).GetTerms()
            ?? throw LicensingException.NotFound($"No license '{Key}'.");
        await CatchUpAsync(Folded(terms), cancellationToken);

        var state = peaks.State;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var end = to ?? today;
        var first = state.Days.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } day ? Parse(day) : end;
        var start = from ?? (first < end ? first : end);
        if (start > end)
        {
            throw LicensingException.BadRequest($"from ({start:yyyy-MM-dd}) is after to ({end:yyyy-MM-dd}).");
        }

        if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            throw LicensingException.BadRequest($"The range holds more than {MaxDays} days.");
        }

        var days = new List<PeakDayInfo>(end.DayNumber - start.DayNumber + 1);
        for (var date = start; date <= end; date = date.AddDays(1))
        {
            var key = Format(date);
            days.Add(state.Days.TryGetValue(key, out var peak) && peak.Sn > 0
                ? new PeakDayInfo(key, peak.Sn, new Dictionary<string, int>(peak.Features.Where(f => f.Value > 0), StringComparer.Ordinal))
                : new PeakDayInfo(key, 0, new Dictionary<string, int>(StringComparer.Ordinal)));
        }

        return days;
    }

    // The licensed features, those a later license file dropped, and every feature folded before (a license stored
    // before dropped features were recorded). A dropped feature keeps its holders until they leave: what they held
    // counts in its days, and their leaving must reach the peaks too, or they would count on every later day. Its pool
    // also trims only when told how far the peaks have read.
    private List<string> Folded(LicenseTerms terms)
        => [.. terms.Features
            .Union(terms.DroppedFeatures ?? [], StringComparer.Ordinal)
            .Union(peaks.State.Cursors.Keys, StringComparer.Ordinal)];

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Parse(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task CatchUpAsync(IReadOnlyList<string> features, CancellationToken cancellationToken)
    {
        var state = peaks.State;
        var changes = new List<(SeatChange Change, string Feature)>();
        foreach (var feature in features)
        {
            var cursor = state.Cursors.GetValueOrDefault(feature);
            while (true)
            {
                var page = await GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, feature)).ReadChanges(cursor, PageSize, cancellationToken);
                changes.AddRange(page.Changes.Select(c => (c, feature)));
                cursor = page.LastSequence;
                if (!page.More)
                {
                    break;
                }
            }

            state.Cursors[feature] = cursor;
        }

        foreach (var (change, feature) in changes.OrderBy(c => c.Change.At).ThenBy(c => c.Feature, StringComparer.Ordinal).ThenBy(c => c.Change.Sequence))
        {
            Apply(change, feature);
        }

        var today = SeatPoolState.DayKey(clock.GetUtcNow());
        var carried = state.LastDay is not null && string.CompareOrdinal(state.LastDay, today) < 0;
        CarryTo(today);

        // Against the stored cursors, not the ones this call started from: a fold whose write failed is written next time.
        var moved = state.Cursors.Any(c => _stored.GetValueOrDefault(c.Key) != c.Value);
        if (moved || carried)
        {
            await peaks.WriteStateAsync(cancellationToken);
            _stored = new Dictionary<string, long>(state.Cursors, StringComparer.Ordinal);
        }

        TellPools(features);
    }

    // One-way pokes, and only when a stored cursor moved: the pool trims while the peaks go on (#12).
    private void TellPools(IReadOnlyList<string> features)
    {
        foreach (var feature in features)
        {
            var through = _stored.GetValueOrDefault(feature);
            if (through > _told.GetValueOrDefault(feature))
            {
                _told[feature] = through;
                _ = GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, feature)).PeaksFolded(through);
            }
        }
    }

    private void Apply(SeatChange change, string feature)
    {
        var state = peaks.State;
        var day = SeatPoolState.DayKey(change.At);
        CarryTo(day);
        if (!state.Holdings.TryGetValue(feature, out var holdings))
        {
            holdings = new Dictionary<string, int>(StringComparer.Ordinal);
            state.Holdings[feature] = holdings;
        }

        var before = holdings.GetValueOrDefault(change.Holder);
        var after = Math.Max(0, before + change.Delta);
        if (after == 0)
        {
            holdings.Remove(change.Holder);
        }
        else
        {
            holdings[change.Holder] = after;
        }

        state.Levels[feature] = Math.Max(0, state.Levels.GetValueOrDefault(feature) + after - before);
        if (before == 0 && after > 0)
        {
            state.Holders[change.Holder] = state.Holders.GetValueOrDefault(change.Holder) + 1;
        }
        else if (before > 0 && after == 0 && state.Holders.TryGetValue(change.Holder, out var count))
        {
            if (count <= 1)
            {
                state.Holders.Remove(change.Holder);
            }
            else
            {
                state.Holders[change.Holder] = count - 1;
            }
        }

        Raise(day);
    }

    // Days between the last one seen and this one start with what was held: carry those levels into each.
    private void CarryTo(string day)
    {
        var state = peaks.State;
        if (state.LastDay is null || string.CompareOrdinal(day, state.LastDay) <= 0)
        {
            state.LastDay = state.LastDay is null || string.CompareOrdinal(day, state.LastDay) > 0 ? day : state.LastDay;
            return;
        }

        var last = Parse(state.LastDay);
        var target = Parse(day);
        if (state.Holders.Count > 0)
        {
            for (var date = last.AddDays(1); date <= target; date = date.AddDays(1))
            {
                Raise(Format(date));
            }
        }

        state.LastDay = day;
    }

    private void Raise(string day)
    {
        var state = peaks.State;
        if (!state.Days.TryGetValue(day, out var peak))
        {
            if (state.Holders.Count == 0)
            {
                return;
            }

            peak = new PeakDayState();
            state.Days[day] = peak;
        }

        peak.Sn = Math.Max(peak.Sn, state.Holders.Count);
        foreach (var (feature, level) in state.Levels.Where(l => l.Value > 0))
        {
            peak.Features[feature] = Math.Max(peak.Features.GetValueOrDefault(feature), level);
        }
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "The peaks of license {LicenseId} could not catch up after a pool's snapshot; the next poke or query tries again")]
    private static partial void LogWarningCatchUpFailed(ILogger logger, Exception error, string licenseId);
}
