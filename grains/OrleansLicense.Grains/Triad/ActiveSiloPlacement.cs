namespace OrleansLicense.Grains.Triad;

/// <summary>
/// The placement of license grains (<see cref="TriadGrainTypes.LicenseGrains"/>): on the triad's active silo while the grid
/// is a triad, and Orleans' default placement otherwise. Assigned to those grain types by
/// <see cref="TriadPlacementResolver"/>, so the grain classes carry no attribute.
/// </summary>
[GenerateSerializer]
[Alias("olic.triad.placement")]
public sealed class ActiveSiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static ActiveSiloPlacement Instance { get; } = new();
}
