namespace OrleansLicense.Contracts.Sessions;

/// <summary><c>POST /api/v1/sessions/{id}/features</c>: take more seats in a session, all or none.</summary>
/// <param name="Features">The features and counts.</param>
public sealed record CheckOutRequest(IReadOnlyList<FeatureRequest> Features);
