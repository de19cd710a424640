using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Borrowing;

/// <summary>A borrow this machine holds, as its verified certificate says.</summary>
/// <param name="BorrowId">The borrow id.</param>
/// <param name="LicenseId">The license the seats come from.</param>
/// <param name="Product">The product.</param>
/// <param name="Features">The seats lent.</param>
/// <param name="Until">When the borrow ends (100 years on for a distribution).</param>
/// <param name="Returnable">False for a distribution.</param>
/// <param name="Offline">True when lent through a request file (it is returned with a return file).</param>
public sealed record OfflineBorrow(string BorrowId, string LicenseId, string Product, IReadOnlyList<FeatureRequest> Features, DateTimeOffset Until, bool Returnable, bool Offline);
