using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Grains.Queries;

/// <summary>One feature pool of a license.</summary>
/// <param name="License">The license, with its live seat counts.</param>
/// <param name="Feature">The feature, licensed or dropped by a later license file.</param>
public sealed record LicensePool(LicenseView License, string Feature);
