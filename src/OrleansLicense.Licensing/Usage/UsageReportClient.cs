namespace OrleansLicense.Licensing.Usage;

/// <summary>One client in a usage report.</summary>
/// <param name="ClientId">The client's fingerprint, else user@host.</param>
/// <param name="User">The user name.</param>
/// <param name="Host">The machine name.</param>
/// <param name="FirstSeen">First contact with the server.</param>
/// <param name="LastUpload">The last usage upload, or null.</param>
/// <param name="Uploads">How many usage uploads.</param>
/// <param name="Features">Use per feature.</param>
public sealed record UsageReportClient(
    string ClientId,
    string? User,
    string? Host,
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastUpload,
    int Uploads,
    IReadOnlyList<UsageReportFeature> Features);
