using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>A borrow.</summary>
/// <param name="BorrowId">The borrow id.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="Product">The product.</param>
/// <param name="Features">The seats lent.</param>
/// <param name="BorrowedAt">When.</param>
/// <param name="Until">When the seats come back by themselves.</param>
/// <param name="Returnable">False for a distribution.</param>
/// <param name="Status">Where it is in its lifecycle.</param>
/// <param name="Client">Who borrowed.</param>
/// <param name="Fingerprint">The machine the seats are lent to.</param>
/// <param name="Offline">The offline request, or null for an online borrow.</param>
/// <param name="EndedAt">When it was returned or expired.</param>
[GenerateSerializer, Immutable]
public sealed record BorrowInfo(
    string BorrowId,
    string LicenseId,
    string Product,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset BorrowedAt,
    DateTimeOffset Until,
    bool Returnable,
    BorrowStatus Status,
    ClientInfo? Client,
    string Fingerprint,
    OfflineBorrowRequest? Offline,
    DateTimeOffset? EndedAt);
