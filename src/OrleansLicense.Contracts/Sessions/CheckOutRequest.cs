namespace OrleansLicense.Contracts.Sessions;

/// <summary><c>POST /api/v1/sessions/{id}/features</c>: take more seats in a session, all or none.</summary>
/// <param name="Features">The features and counts.</param>
/// <param name="RequestId">
/// Optional: an id the client makes once per check-out (1 to 64 letters, digits, '-' or '_') and sends
/// again with every retry of it. A check-out whose id the session has seen answers the seats held
/// instead of taking more, so a retry after a lost answer does not take the seats twice.
/// </param>
public sealed record CheckOutRequest(IReadOnlyList<FeatureRequest> Features, string? RequestId = null);
