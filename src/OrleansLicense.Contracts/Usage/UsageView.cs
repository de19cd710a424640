namespace OrleansLicense.Contracts.Usage;

/// <summary><c>GET /api/v1/admin/usage/{licenseId}</c>: the usage statistics of a license.</summary>
/// <param name="LicenseId">The license.</param>
/// <param name="Product">The product.</param>
/// <param name="UsageStatistics">True when the license keeps usage statistics.</param>
/// <param name="ForcedAuthenticationHours">The forced-authentication period, or null.</param>
/// <param name="Clients">Every client seen.</param>
public sealed record UsageView(string LicenseId, string Product, bool UsageStatistics, int? ForcedAuthenticationHours, IReadOnlyList<UsageClientView> Clients);
