using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>Seats of one feature lent to one borrow.</summary>
/// <param name="BorrowId">The borrow.</param>
/// <param name="Count">How many seats.</param>
/// <param name="Until">When they come back.</param>
[GenerateSerializer, Immutable]
public sealed record BorrowedSeats(string BorrowId, int Count, DateTimeOffset Until);
