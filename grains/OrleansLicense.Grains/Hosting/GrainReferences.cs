using System.Collections.Concurrent;
using Orleans.Metadata;

namespace OrleansLicense.Grains.Hosting;

/// <summary>
/// References to string-keyed grains on the hot path (sessions, seat pools). Orleans'
/// <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string?)"/> works out the interface's and the grain's
/// type from attributes and type names on every call, which cost about a twentieth of the silo's CPU in the hot
/// login+logout benchmark (docs/PERFORMANCE.md, session 6); here that is done once per interface.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="interfaces">Orleans' resolver of grain interface types.</param>
/// <param name="grainTypes">Orleans' resolver of the grain type implementing an interface.</param>
public sealed class GrainReferences(IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes)
{
    private readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> _types = new();

    /// <summary>The grain of <typeparamref name="TGrainInterface"/> with this key, as <c>GetGrain</c> would give it.</summary>
    public TGrainInterface Get<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        if (!_types.TryGetValue(typeof(TGrainInterface), out var types))
        {
            types = _types.GetOrAdd(typeof(TGrainInterface), Resolve(typeof(TGrainInterface)));
        }

        return (TGrainInterface)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private (GrainType, GrainInterfaceType) Resolve(Type interfaceType)
    {
        var @interface = interfaces.GetGrainInterfaceType(interfaceType);
        return (grainTypes.GetGrainType(@interface), @interface);
    }
}
