namespace OrleansLicense.Contracts.Usage;

/// <summary>The 200 answer to a usage upload.</summary>
/// <param name="Licenses">The licenses that recorded the upload.</param>
/// <param name="NextUploadBefore">The next upload is due before this time (null when no license forces authentication).</param>
public sealed record UsageUploadResponse(IReadOnlyList<string> Licenses, DateTimeOffset? NextUploadBefore);
