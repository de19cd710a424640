namespace OrleansLicense.Contracts.Usage;

/// <summary>One client's usage of a license.</summary>
/// <param name="ClientId">The client's fingerprint, else <c>user@host</c>.</param>
/// <param name="User">The user name last seen.</param>
/// <param name="Host">The machine name last seen.</param>
/// <param name="FirstSeen">First contact.</param>
/// <param name="LastUpload">The last usage upload, or null.</param>
/// <param name="Uploads">How many uploads.</param>
/// <param name="UploadDue">When forced authentication requires the next upload; null when not forced.</param>
/// <param name="Features">Use per feature over all uploads.</param>
public sealed record UsageClientView(
    string ClientId,
    string? User,
    string? Host,
    DateTimeOffset FirstSeen,
    DateTimeOffset? LastUpload,
    int Uploads,
    DateTimeOffset? UploadDue,
    IReadOnlyList<FeatureUsageRecord> Features);
