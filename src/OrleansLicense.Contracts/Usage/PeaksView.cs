namespace OrleansLicense.Contracts.Usage;

/// <summary><c>GET /api/v1/admin/peaks/{licenseId}</c>: daily peaks of a license (R-USE-3).</summary>
/// <param name="LicenseId">The license.</param>
/// <param name="Days">Every day of the range, oldest first.</param>
public sealed record PeaksView(string LicenseId, IReadOnlyList<PeakDayView> Days);
