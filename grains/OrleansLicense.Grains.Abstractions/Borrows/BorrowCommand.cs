using OrleansLicense.Contracts.Sessions;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>A borrow as the edges hand it to the borrow grain.</summary>
/// <param name="Product">The product.</param>
/// <param name="LicenseId">The license to borrow from, or null for the first of the product that can serve.</param>
/// <param name="Features">Seats per feature; empty borrows one seat of every feature of the license (Bit_CheckOutSn).</param>
/// <param name="Hours">How long; at least 1 and at most the product's rule. Ignored for a distribution.</param>
/// <param name="Distribute">A permanent, unreturnable distribution (R-BOR-5).</param>
/// <param name="Client">Who borrows; the fingerprint (else user@host) identifies the machine.</param>
/// <param name="Offline">The verified offline request, or null for an online borrow.</param>
/// <param name="FromThisMachine">The borrower is on the server's machine (local-only licenses, R-LIC-5); an offline borrow never is.</param>
[GenerateSerializer, Immutable]
public sealed record BorrowCommand(
    string Product,
    string? LicenseId,
    IReadOnlyList<FeatureRequest> Features,
    int Hours,
    bool Distribute,
    ClientInfo? Client,
    OfflineBorrowRequest? Offline,
    bool FromThisMachine);
