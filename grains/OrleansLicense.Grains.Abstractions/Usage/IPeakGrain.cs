using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>
/// The daily peaks of one license (key: the license id), computed from its feature pools' event logs (R-USE-3):
/// per day the most seats of each feature in use at once, and the most holders of the license at once.
/// </summary>
public interface IPeakGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reads the pools' new events, then answers every day from <paramref name="from"/> (default: the first day with
    /// use) to <paramref name="to"/> (default: today, UTC), oldest first; a day without use has Sn 0 and no features.
    /// </summary>
    /// <exception cref="Errors.LicensingException">not_found when the license is unknown; bad_request for a range over 3660 days or reversed.</exception>
    Task<IReadOnlyList<PeakDayInfo>> GetDays(DateOnly? from, DateOnly? to, CancellationToken cancellationToken);

    /// <summary>
    /// Folds the pools' new events into the stored peaks without a query, then tells each pool how far the stored
    /// peaks reach (<see cref="Seats.IFeatureGrain.PeaksFolded"/>) so it can trim its log (#12 storage growth).
    /// A pool pokes this after each snapshot it stores; one-way, so the pool never waits on the peaks that read it.
    /// </summary>
    [OneWay]
    Task CatchUp();
}
