using Orleans.Runtime.Placement;

namespace OrleansLicense.Grains.Triad;

/// <summary>Places a member's probe on that member's silo; when the member is not an Active silo the activation (and so the ping) fails.</summary>
internal sealed class MemberSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => string.Equals(TriadMember.AddressOf(s), address, StringComparison.OrdinalIgnoreCase));
        return silo is not null
            ? Task.FromResult(silo)
            : Task.FromException<SiloAddress>(new SiloUnavailableException($"No active silo at {address}."));
    }
}
