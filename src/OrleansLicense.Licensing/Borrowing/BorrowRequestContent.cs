namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// What an offline machine asks for (Bit_GetBorrowRequest), signed by a key pair the machine made for this request
/// alone: the server checks the file was not changed, and the machine later accepts only a response that names this
/// exact request (its digest) and signs returns with the same key.
/// </summary>
/// <param name="Format">Always <see cref="BorrowRequestFile.Format"/>.</param>
/// <param name="RequestId">A fresh <see cref="BorrowNonce"/>; a server lends at most once per request id.</param>
/// <param name="Product">The product.</param>
/// <param name="LicenseId">The license to borrow from, or null for any of the product.</param>
/// <param name="Features">The seats wanted; empty asks for one seat of every feature (Bit_CheckOutSn).</param>
/// <param name="Hours">How long; ignored for a distribution.</param>
/// <param name="Distribute">True for a permanent, unreturnable distribution.</param>
/// <param name="Fingerprint">The offline machine's fingerprint.</param>
/// <param name="User">The user, for administrators.</param>
/// <param name="Host">The machine name, for administrators.</param>
/// <param name="CreatedAt">When the request was written.</param>
/// <param name="ExpiresAt">The server refuses the request after this time.</param>
/// <param name="ClientKey">The request key's public half, base64 SubjectPublicKeyInfo DER.</param>
public sealed record BorrowRequestContent(
    string Format,
    string RequestId,
    string Product,
    string? LicenseId,
    IReadOnlyList<BorrowedFeature> Features,
    int Hours,
    bool Distribute,
    string Fingerprint,
    string? User,
    string? Host,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string ClientKey);
