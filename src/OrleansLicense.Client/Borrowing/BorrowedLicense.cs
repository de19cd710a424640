using OrleansLicense.Contracts.Borrows;

namespace OrleansLicense.Client.Borrowing;

/// <summary>Seats borrowed online (Bit_CheckOutSn / Bit_CheckOutFeatures).</summary>
/// <param name="Borrow">The borrow as the server recorded it.</param>
/// <param name="Certificate">The server-signed certificate; keep it (<see cref="OfflineBorrowStore.Save"/>) to prove the borrow while offline.</param>
public sealed record BorrowedLicense(BorrowView Borrow, string Certificate);
