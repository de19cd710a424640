namespace OrleansLicense.Cli.Vendor;

/// <summary>The raw values of <c>olic vendor issue</c>, before validation.</summary>
internal sealed record IssueRequest(
    string KeyPath,
    string Product,
    IReadOnlyList<string> Features,
    string? Id,
    string Edition,
    string? Expires,
    bool Borrowable,
    bool Distributable,
    bool LocalOnly,
    bool UsageStatistics,
    string? ForcedAuthenticationHours,
    bool PeakUpload,
    string? BindServer,
    string? BindCluster,
    string OutPath,
    bool Agentable = false,
    string? Bind = null);
