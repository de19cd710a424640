using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>The facts of a license that borrowing, usage statistics and peak exports check.</summary>
/// <param name="Id">The license id.</param>
/// <param name="Product">The product.</param>
/// <param name="Active">False once deactivated.</param>
/// <param name="Expires">The expiry, or null.</param>
/// <param name="Borrowable">Seats may be borrowed (R-BOR-1).</param>
/// <param name="Distributable">Seats may be distributed (R-BOR-5).</param>
/// <param name="UsageStatistics">Usage statistics are kept (R-USE-1).</param>
/// <param name="PeakUpload">Peaks may be exported for the vendor (R-USE-3).</param>
/// <param name="ForcedAuthenticationHours">With usage statistics: each client uploads its usage at least this often; null = not forced.</param>
/// <param name="VendorKeyId">The id of the vendor key that signed the license (usage exports are encrypted to it).</param>
/// <param name="Features">Every licensed feature.</param>
/// <param name="EnabledFeatures">The features that may grant seats.</param>
/// <param name="LocalOnly">Only clients on the server's own machine may use it (R-LIC-5).</param>
/// <param name="Agentable">Second-level agents may serve its seats (R-AGT-1).</param>
/// <param name="DroppedFeatures">Features a later license file took away: their holders keep their seats until they end, so their pools are still listed and their events still count in the peaks (R-USE-3).</param>
[GenerateSerializer, Immutable]
public sealed record LicenseTerms(
    string Id,
    string Product,
    bool Active,
    DateTimeOffset? Expires,
    bool Borrowable,
    bool Distributable,
    bool UsageStatistics,
    bool PeakUpload,
    int? ForcedAuthenticationHours,
    string VendorKeyId,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> EnabledFeatures,
    bool LocalOnly,
    bool Agentable = false,
    IReadOnlyList<string>? DroppedFeatures = null);
