namespace OrleansLicense.Grains.Triad;

/// <summary>Places a grain keyed by a silo address (<c>host:port</c>) on the Active silo at that address (the triad's probes).</summary>
[GenerateSerializer]
[Alias("olic.triad.member-placement")]
public sealed class MemberSiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static MemberSiloPlacement Instance { get; } = new();
}
