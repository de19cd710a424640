using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>Whether forced authentication lets a client go on (R-USE-1).</summary>
/// <param name="Allowed">False when the client's usage upload is overdue.</param>
/// <param name="Due">The client must upload before this time.</param>
[GenerateSerializer, Immutable]
public sealed record UsageCheck(bool Allowed, DateTimeOffset Due);
