namespace OrleansLicense.Contracts.Borrows;

/// <summary>The 201 answer to an online borrow.</summary>
/// <param name="Borrow">The borrow.</param>
/// <param name="Certificate">The borrow certificate: a JSON text signed by the server's key that the client keeps to
/// prove the borrow while offline (the same format as an offline borrow's response file).</param>
public sealed record BorrowResponse(BorrowView Borrow, string Certificate);
