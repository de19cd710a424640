namespace OrleansLicense.Contracts.Admin;

/// <summary>A license as administrators see it.</summary>
/// <param name="Id">The license id (SN).</param>
/// <param name="Product">The product.</param>
/// <param name="Edition"><c>standard</c> or <c>enterprise</c>.</param>
/// <param name="Expires">The expiry, or null for never.</param>
/// <param name="Flags">The license flags.</param>
/// <param name="Status"><c>active</c> or <c>deactivated</c>.</param>
/// <param name="Features">Seats per feature.</param>
public sealed record LicenseView(
    string Id,
    string Product,
    string Edition,
    DateTimeOffset? Expires,
    LicenseFlagsView Flags,
    string Status,
    IReadOnlyList<FeatureView> Features);

/// <summary>The flags of a license.</summary>
/// <param name="Borrowable">Seats may be borrowed for offline use.</param>
/// <param name="Distributable">Seats may be lent permanently.</param>
/// <param name="UsageStatistics">Clients upload usage statistics.</param>
/// <param name="PeakUpload">Daily peaks are uploaded.</param>
/// <param name="LocalOnly">Seats go only to programs on the server's own computer.</param>
/// <param name="Agentable">A second-level grid may hold or share its seats (issued with <c>--agentable</c>).</param>
public sealed record LicenseFlagsView(bool Borrowable, bool Distributable, bool UsageStatistics, bool PeakUpload, bool LocalOnly, bool Agentable = false);

/// <summary>Seats of one feature of a license.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Seats">Seats licensed.</param>
/// <param name="Used">Seats held by live sessions.</param>
/// <param name="Borrowed">Seats lent out.</param>
/// <param name="Free">Seats left.</param>
/// <param name="PeakToday">Most seats in use at once today (UTC).</param>
/// <param name="Enabled">False when the administrator disabled this feature.</param>
public sealed record FeatureView(string Name, int Seats, int Used, int Borrowed, int Free, int PeakToday, bool Enabled = true);
