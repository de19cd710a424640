using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Contracts.Admin;

/// <summary>A live session as administrators see it.</summary>
public sealed record SessionView(
    string SessionId,
    string Product,
    string? User,
    string? Host,
    string? Address,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset Since,
    DateTimeOffset LastHeartbeat);
