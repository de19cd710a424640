namespace OrleansLicense.Contracts.Sessions;

/// <summary>The 200 answer to a check-out: every seat the session now holds.</summary>
/// <param name="Features">The seats held.</param>
public sealed record CheckOutResponse(IReadOnlyList<FeatureRequest> Features);
