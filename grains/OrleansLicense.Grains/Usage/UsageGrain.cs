using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Usage;

/// <summary>The usage statistics of one license; every change is written before it is answered.</summary>
[GrainType("usage")]
internal sealed class UsageGrain(
    [PersistentState("usage", LicenseStorage.StateStorageName)] IPersistentState<UsageState> usage,
    TimeProvider clock) : Grain, IUsageGrain
{
    public async Task<UsageCheck> Check(string clientId, int periodHours, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodHours, 1);
        var now = clock.GetUtcNow();
        if (!usage.State.Clients.TryGetValue(clientId, out var client))
        {
            // The period of a new client runs from its first contact.
            client = new UsageClientState { FirstSeen = now };
            usage.State.Clients[clientId] = client;
            await usage.WriteStateAsync(cancellationToken);
        }

        var due = (client.LastUpload ?? client.FirstSeen).AddHours(periodHours);
        return new UsageCheck(now < due, due);
    }

    public async Task<DateTimeOffset?> Upload(string clientId, UsageUpload upload, int? periodHours, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(upload);
        Validate(upload.Record);
        var now = clock.GetUtcNow();
        if (!usage.State.Clients.TryGetValue(clientId, out var client))
        {
            client = new UsageClientState { FirstSeen = now };
            usage.State.Clients[clientId] = client;
        }

        client.User = upload.Client?.User ?? client.User;
        client.Host = upload.Client?.Host ?? client.Host;
        client.LastUpload = now;
        client.Uploads++;
        foreach (var feature in upload.Record.Features)
        {
            var total = client.Features.GetValueOrDefault(feature.Name) ?? new UsageTotal(0, 0);
            client.Features[feature.Name] = new UsageTotal(
                (int)Math.Min(int.MaxValue, (long)total.CheckOuts + feature.CheckOuts),
                total.Seconds > long.MaxValue - feature.Seconds ? long.MaxValue : total.Seconds + feature.Seconds);
        }

        await usage.WriteStateAsync(cancellationToken);
        return periodHours is int hours ? now.AddHours(hours) : null;
    }

    public Task<IReadOnlyList<UsageClientSummary>> List()
        => Task.FromResult<IReadOnlyList<UsageClientSummary>>([.. usage.State.Clients
            .OrderBy(c => c.Value.FirstSeen)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new UsageClientSummary(
                c.Key,
                c.Value.User,
                c.Value.Host,
                c.Value.FirstSeen,
                c.Value.LastUpload,
                c.Value.Uploads,
                [.. c.Value.Features.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new FeatureUsageRecord(f.Key, f.Value.CheckOuts, f.Value.Seconds))]))]);

    private static void Validate(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.To < record.From)
        {
            throw LicensingException.BadRequest("record.to must not be before record.from.");
        }

        foreach (var feature in record.Features ?? [])
        {
            if (!LicenseDocumentValidator.IsValidFeatureName(feature?.Name))
            {
                throw LicensingException.BadRequest($"record.features: '{feature?.Name}' is not a valid feature name.");
            }

            if (feature!.CheckOuts < 0 || feature.Seconds < 0)
            {
                throw LicensingException.BadRequest($"record.features.{feature.Name}: checkOuts and seconds must not be negative.");
            }
        }

        if (record.Features is null)
        {
            throw LicensingException.BadRequest("record.features is required (it may be empty).");
        }
    }
}
