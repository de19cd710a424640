using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Usage;

/// <summary>A client's usage upload as the gateway hands it to the usage grain.</summary>
/// <param name="Client">Who uploads.</param>
/// <param name="Record">The usage since the last upload.</param>
[GenerateSerializer, Immutable]
public sealed record UsageUpload(ClientInfo? Client, UsageRecord Record);
