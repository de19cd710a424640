namespace OrleansLicense.Contracts.Sessions;

/// <summary><c>POST /api/v1/sessions</c>: log in and take seats of every feature named, or none.</summary>
/// <param name="Product">The product.</param>
/// <param name="Features">The features and counts wanted.</param>
/// <param name="Client">Who the client is.</param>
/// <param name="QueueSeconds">Optional: wait up to this long for seats instead of failing at once (R-SESS-6).</param>
public sealed record LoginRequest(string Product, IReadOnlyList<FeatureRequest> Features, ClientInfo? Client, int? QueueSeconds = null);
