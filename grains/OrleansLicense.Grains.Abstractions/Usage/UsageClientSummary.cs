using OrleansLicense.Contracts.Usage;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>One client's usage of a license.</summary>
/// <param name="ClientId">See <see cref="UsageClientId"/>.</param>
/// <param name="User">The user name last seen.</param>
/// <param name="Host">The machine name last seen.</param>
/// <param name="FirstSeen">First contact.</param>
/// <param name="LastUpload">The last upload, or null.</param>
/// <param name="Uploads">How many uploads.</param>
/// <param name="Features">Use per feature over all uploads, by name.</param>
[GenerateSerializer, Immutable]
public sealed record UsageClientSummary(
    string ClientId,
    string? User,
    string? Host,
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastUpload,
    int Uploads,
    IReadOnlyList<FeatureUsageRecord> Features);
