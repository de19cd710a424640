namespace OrleansLicense.Licensing.Borrowing;

/// <summary>A borrow request whose signature checked out.</summary>
/// <param name="Content">The request.</param>
/// <param name="Digest">SHA-256 of its canonical content, lowercase hex; the response names the request by it.</param>
public sealed record VerifiedBorrowRequest(BorrowRequestContent Content, string Digest);
