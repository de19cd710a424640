using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Grains.Usage;

/// <summary>A client's usage upload as the gateway hands it to the usage grain.</summary>
/// <param name="Client">Who uploads.</param>
/// <param name="Record">The usage since the last upload.</param>
public sealed record UsageUpload(ClientInfo? Client, UsageRecord Record);
