using System.Text.Json.Serialization;

namespace OrleansLicense.Licensing.Documents;

/// <summary>Capabilities granted by a license.</summary>
/// <param name="Borrowable">Seats may be borrowed for offline use. Implied by <paramref name="Distributable"/>: the issuer sets it.</param>
/// <param name="Distributable">Seats may be distributed to other servers.</param>
/// <param name="UsageStatistics">The server records usage statistics.</param>
/// <param name="PeakUpload">Peak usage exports may be uploaded to the vendor.</param>
/// <param name="LocalOnly">Only clients on the local network may check out seats.</param>
/// <param name="ForcedAuthenticationHours">
/// With usage statistics, how many hours a user stays authenticated before being forced to
/// authenticate again; null = not forced. Requires <paramref name="UsageStatistics"/>; at least 1.
/// </param>
/// <param name="Agentable">
/// A second-level grid may act as an agent for seats of this license (R-AGT-1, the seed's "agent" attribute of
/// an SN). Written only when set, so every license issued before the flag existed keeps its signed bytes and
/// still verifies, and reads as not agentable.
/// </param>
public sealed record LicenseFlags(
    bool Borrowable,
    bool Distributable,
    bool UsageStatistics,
    bool PeakUpload,
    bool LocalOnly,
    int? ForcedAuthenticationHours,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Agentable = false)
{
    /// <summary>No capability set.</summary>
    public static LicenseFlags None { get; } = new(false, false, false, false, false, null);
}
