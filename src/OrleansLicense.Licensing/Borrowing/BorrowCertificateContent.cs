namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// What a server lent (Bit_ApplyBorrowInfo's input), signed by the server's key: the answer to an offline request,
/// and the proof an online borrower keeps for its offline time.
/// </summary>
/// <param name="Format">Always <see cref="BorrowCertificate.Format"/>.</param>
/// <param name="BorrowId">The borrow id.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="Product">The product.</param>
/// <param name="Features">The seats lent.</param>
/// <param name="BorrowedAt">When.</param>
/// <param name="Until">The borrow ends at this time (100 years on for a distribution).</param>
/// <param name="Returnable">False for a distribution.</param>
/// <param name="Offline">True when it answers an offline request file.</param>
/// <param name="Fingerprint">The machine the seats are lent to.</param>
/// <param name="RequestId">The offline request's id, or null for an online borrow.</param>
/// <param name="RequestDigest">The offline request's digest (<see cref="VerifiedBorrowRequest.Digest"/>), or null.</param>
/// <param name="ServerKey">The signing server's public key, base64 SubjectPublicKeyInfo DER.</param>
public sealed record BorrowCertificateContent(
    string Format,
    string BorrowId,
    string LicenseId,
    string Product,
    IReadOnlyList<BorrowedFeature> Features,
    DateTimeOffset BorrowedAt,
    DateTimeOffset Until,
    bool Returnable,
    bool Offline,
    string Fingerprint,
    string? RequestId,
    string? RequestDigest,
    string ServerKey);
