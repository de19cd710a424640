namespace OrleansLicense.Licensing.Borrowing;

/// <summary>Seats of one feature in a borrow file.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Count">How many seats, at least 1.</param>
public sealed record BorrowedFeature(string Name, int Count);
