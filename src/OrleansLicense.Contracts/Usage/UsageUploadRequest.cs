using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Contracts.Usage;

/// <summary><c>POST /api/v1/usage</c>: a client uploads its usage record (forced authentication, R-USE-1).</summary>
/// <param name="Product">The product; the record goes to every license of the product that keeps usage statistics.</param>
/// <param name="Client">Who the client is; the fingerprint (else user@host) identifies it.</param>
/// <param name="Record">The usage since the last upload.</param>
/// <param name="LicenseId">Optional: only this license.</param>
public sealed record UsageUploadRequest(string Product, ClientInfo? Client, UsageRecord Record, string? LicenseId = null);
