namespace OrleansLicense.Contracts.Sessions;

/// <summary>Seats of one feature, asked for or held.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Count">How many seats (at least 1).</param>
public sealed record FeatureRequest(string Name, int Count);
