namespace OrleansLicense.Licensing.Documents;

/// <summary>A licensed feature and its number of concurrent seats.</summary>
/// <param name="Name">Feature name matching <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$</c>; unique in a license, ignoring case.</param>
/// <param name="Seats">Concurrent seats, at least 1.</param>
public sealed record LicenseFeature(string Name, int Seats);
