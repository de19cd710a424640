namespace OrleansLicense.Licensing.Peaks;

/// <summary>A peak log that verified.</summary>
/// <param name="Sn">The license id (SN).</param>
/// <param name="Time">The export time.</param>
/// <param name="Days">The days, in file order.</param>
/// <param name="ServerKeyId">The key id of the server that signed it.</param>
public sealed record PeakLogContent(string Sn, DateTimeOffset Time, IReadOnlyList<PeakDay> Days, string ServerKeyId);
