namespace OrleansLicense.Contracts.Sessions;

/// <summary><c>POST /api/v1/sessions</c>: log in and take seats of every feature named, or none.</summary>
/// <param name="Product">The product.</param>
/// <param name="Features">The features and counts wanted.</param>
/// <param name="Client">Who the client is.</param>
/// <param name="QueueSeconds">
/// Optional: when no seat is free, wait in the feature's seat queue up to this many seconds (0 to
/// <see cref="SessionLimits.MaxQueueSeconds"/>) for seats to come back instead of failing at once
/// (R-SESS-6); the answer is then 201 as soon as seats are granted, or 409 seats_exhausted at the end.
/// </param>
/// <param name="RequestId">
/// Optional: an id the client makes once per login (1 to 64 letters, digits, '-' or '_') and sends
/// again with every retry of it, to any gateway of the grid. The session's id is derived from it, so a
/// retry after a lost answer (a silo that died mid-login) finds the same session and the seats the
/// first attempt took, instead of taking more and leaving those to time out.
/// </param>
/// <param name="LicenseId">
/// Optional: take the seats from this license of the product only (a client failing over to a backup partner's
/// mapped license, R-BAK-4); without it the grid picks a license of the product.
/// </param>
public sealed record LoginRequest(string Product, IReadOnlyList<FeatureRequest> Features, ClientInfo? Client, int? QueueSeconds = null, string? RequestId = null, string? LicenseId = null);
