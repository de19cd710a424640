using Orleans.Metadata;
using Orleans.Runtime.Placement;

namespace OrleansLicense.Grains.Triad;

/// <summary>Gives the license grain types the <see cref="ActiveSiloPlacement"/> strategy and the probes <see cref="MemberSiloPlacement"/>, registered in the container instead of an attribute on each grain class.</summary>
internal sealed class TriadPlacementResolver : IPlacementStrategyResolver
{
    public bool TryResolvePlacementStrategy(GrainType grainType, GrainProperties? properties, out PlacementStrategy result)
    {
        if (TriadGrainTypes.IsLicenseGrain(grainType))
        {
            result = ActiveSiloPlacement.Instance;
            return true;
        }

        if (string.Equals(grainType.ToString(), TriadGrainTypes.Probe, StringComparison.Ordinal))
        {
            result = MemberSiloPlacement.Instance;
            return true;
        }

        result = null!;
        return false;
    }
}
