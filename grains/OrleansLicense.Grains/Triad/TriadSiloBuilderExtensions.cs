using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.Placement;
using OrleansLicense.Grains.Calls;

namespace OrleansLicense.Grains.Triad;

/// <summary>Adds the triad layer to a silo: the view, its monitor, the fence and the active-silo placement.</summary>
public static class TriadSiloBuilderExtensions
{
    /// <summary>
    /// Registers the triad services. Without a triad in the grid (and always on a lone silo) they change nothing: no call is
    /// fenced and license grains are placed by Orleans' default strategy.
    /// </summary>
    public static ISiloBuilder AddTriad(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<TriadSiloView>();
        services.TryAddSingleton<TriadMonitor>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TriadMonitor>());
        services.AddSingleton<IPlacementStrategyResolver, TriadPlacementResolver>();
        services.AddPlacementDirector<ActiveSiloPlacement, ActiveSiloPlacementDirector>();
        services.AddPlacementDirector<MemberSiloPlacement, MemberSiloPlacementDirector>();
        builder.AddIncomingCallStep<TriadFence>();
        return builder;
    }
}
