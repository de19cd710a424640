namespace OrleansLicense.Grains.Queries;

/// <summary>One feature pool of a license.</summary>
/// <param name="LicenseId">The license.</param>
/// <param name="Product">The license's product.</param>
/// <param name="Feature">The feature, licensed or dropped by a later license file.</param>
public sealed record LicensePool(string LicenseId, string Product, string Feature);
