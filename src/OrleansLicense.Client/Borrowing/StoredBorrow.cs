namespace OrleansLicense.Client.Borrowing;

/// <summary>A file of an <see cref="OfflineBorrowStore"/>: a pending request (no certificate yet) or a held borrow.</summary>
/// <param name="RequestId">The offline request id, or null for an online borrow.</param>
/// <param name="RequestDigest">The request's digest, which the response must name.</param>
/// <param name="RequestKeyPem">The request key (PKCS#8 PEM; the file is readable by its owner only), or null for an online borrow.</param>
/// <param name="ExpiresAt">A pending request's expiry.</param>
/// <param name="Certificate">The borrow certificate, once applied.</param>
internal sealed record StoredBorrow(string? RequestId, string? RequestDigest, string? RequestKeyPem, DateTimeOffset? ExpiresAt, string? Certificate);
