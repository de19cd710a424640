using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// Who logged in, for what, and when: what a login's seat grant stores with the seats, so that the pools' leases are the
/// session's durable record until the session stores its own row (at its first heartbeat, see <c>SessionGrain</c>).
/// </summary>
/// <param name="Product">The product logged in to.</param>
/// <param name="Client">Who the client said it is.</param>
/// <param name="Address">The client's network address as the gateway saw it.</param>
/// <param name="Features">Every feature and count the login asked for, in its order (a retried login must match them).</param>
/// <param name="Since">When the session logged in.</param>
[GenerateSerializer, Immutable]
public sealed record SessionRecord(
    string Product,
    ClientInfo? Client,
    string? Address,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset Since);
