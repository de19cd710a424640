using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Contracts.Borrows;

/// <summary>A borrow as clients and administrators see it.</summary>
/// <param name="BorrowId">The borrow id.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="Product">The product.</param>
/// <param name="Features">The seats borrowed.</param>
/// <param name="BorrowedAt">When the seats were lent.</param>
/// <param name="Until">When the seats come back by themselves (100 years on for a distribution).</param>
/// <param name="Returnable">False for a distribution (R-BOR-5).</param>
/// <param name="Offline">True when lent through an offline request file.</param>
/// <param name="Status"><c>active</c>, <c>returned</c> or <c>expired</c>.</param>
/// <param name="Client">Who borrowed.</param>
/// <param name="EndedAt">When it was returned or expired; null while active.</param>
public sealed record BorrowView(
    string BorrowId,
    string LicenseId,
    string Product,
    IReadOnlyList<FeatureRequest> Features,
    DateTimeOffset BorrowedAt,
    DateTimeOffset Until,
    bool Returnable,
    bool Offline,
    string Status,
    ClientInfo? Client,
    DateTimeOffset? EndedAt);
