namespace OrleansLicense.Licensing.Usage;

/// <summary>A usage export that verified and decrypted.</summary>
/// <param name="Report">The usage report.</param>
/// <param name="ServerKeyId">The key id of the server that signed it.</param>
public sealed record UsageExport(UsageReport Report, string ServerKeyId);
