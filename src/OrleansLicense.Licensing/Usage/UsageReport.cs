namespace OrleansLicense.Licensing.Usage;

/// <summary>The usage record of one license as exported for the vendor (R-USE-2): the plaintext of a usage export.</summary>
/// <param name="LicenseId">The license (SN).</param>
/// <param name="Product">The product.</param>
/// <param name="ExportedAt">When the server exported it.</param>
/// <param name="Clients">Every client seen, with its uploads.</param>
public sealed record UsageReport(string LicenseId, string Product, DateTimeOffset ExportedAt, IReadOnlyList<UsageReportClient> Clients);
