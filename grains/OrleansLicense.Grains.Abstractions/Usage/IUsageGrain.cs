using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>
/// The usage statistics of one license (key: the license id): each client's uploads, and forced authentication
/// (R-USE-1): a client that has not uploaded within the period is refused until it does.
/// </summary>
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Whether the client may go on under a forced-authentication period of <paramref name="periodHours"/>: its last
    /// upload (or, before its first, its first contact, which this call records) is less than the period ago.
    /// </summary>
    Task<UsageCheck> Check(string clientId, int periodHours, CancellationToken cancellationToken);

    /// <summary>Records an upload; answers when the next is due under <paramref name="periodHours"/> (null: not forced).</summary>
    Task<DateTimeOffset?> Upload(string clientId, UsageUpload upload, int? periodHours, CancellationToken cancellationToken);

    /// <summary>Every client seen, in first-contact order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<UsageClientSummary>> List();
}
