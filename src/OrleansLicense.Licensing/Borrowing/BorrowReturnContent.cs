namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// An offline machine gives borrowed seats back: signed with the key of the original request, so the server knows the
/// return comes from the machine that borrowed.
/// </summary>
/// <param name="Format">Always <see cref="BorrowReturnFile.Format"/>.</param>
/// <param name="BorrowId">The borrow given back.</param>
/// <param name="RequestId">A fresh <see cref="BorrowNonce"/> for this return.</param>
/// <param name="Fingerprint">The machine's fingerprint.</param>
/// <param name="CreatedAt">When the return was written.</param>
/// <param name="ClientKey">The original request's public key, base64 SubjectPublicKeyInfo DER.</param>
public sealed record BorrowReturnContent(
    string Format,
    string BorrowId,
    string RequestId,
    string Fingerprint,
    DateTimeOffset CreatedAt,
    string ClientKey);
