using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Contracts.Borrows;

/// <summary><c>POST /api/v1/borrows</c>: borrow seats for offline use (Bit_CheckOutSn / Bit_CheckOutFeatures).</summary>
/// <param name="Product">The product.</param>
/// <param name="Features">The features and counts to borrow; empty borrows one seat of every feature of the license (Bit_CheckOutSn).</param>
/// <param name="Hours">How long, in hours: at least 1 and at most the product's borrow rule (default 720). Ignored for a distribution.</param>
/// <param name="Client">Who borrows; the fingerprint binds the borrow to one machine.</param>
/// <param name="LicenseId">Optional: the license (SN) to borrow from; default the first of the product that can serve.</param>
/// <param name="Distribute">True for a distribution: a permanent (100-year) loan that can never be returned (R-BOR-5).</param>
public sealed record BorrowRequest(
    string Product,
    IReadOnlyList<FeatureRequest>? Features,
    int Hours,
    ClientInfo? Client,
    string? LicenseId = null,
    bool Distribute = false);
