using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;

namespace OrleansLicense.Grains.Triad;

/// <summary>
/// Places license grains on the triad's active silo (R-TRI-1); the other silos' gateways reach them through Orleans. With
/// no active silo in sight (no quorum) the activation is refused with <c>no_quorum</c>. Without a triad it hands the
/// decision to the director of Orleans' default strategy, so a plain grid places exactly as before.
/// </summary>
internal sealed class ActiveSiloPlacementDirector(TriadSiloView view, IServiceProvider services) : IPlacementDirector
{
    private readonly Lazy<(PlacementStrategy Strategy, IPlacementDirector Director)> _default = new(() =>
    {
        var strategy = services.GetRequiredService<PlacementStrategy>();
        return (strategy, services.GetRequiredKeyedService<IPlacementDirector>(strategy.GetType()));
    });

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = view.Current;
        if (!snapshot.HasTriad)
        {
            var (fallback, director) = _default.Value;
            return director.OnAddActivation(fallback, target, context);
        }

        if (snapshot.ActiveSilo is { } active && context.GetCompatibleSilos(target).Contains(active))
        {
            return Task.FromResult(active);
        }

        throw TriadFence.NoQuorum(snapshot);
    }
}
