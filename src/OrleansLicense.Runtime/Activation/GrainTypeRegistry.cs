using System.Reflection;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Activation;

/// <summary>The grain classes this silo can host, by type name and by interface.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainTypeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainTypeInfo>> _byInterface = [];

    /// <summary>Builds the registry from grain classes.</summary>
    /// <exception cref="ArgumentException">A class is not a grain, or two classes share a type name.</exception>
    public GrainTypeRegistry(IEnumerable<Type> grainClasses)
    {
        foreach (var grainClass in grainClasses.Distinct())
        {
            if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
            {
                throw new ArgumentException($"{grainClass.FullName} is not a concrete class deriving from Grain.", nameof(grainClasses));
            }

            var info = new GrainTypeInfo(grainClass);
            if (!_byName.TryAdd(info.Name, info))
            {
                throw new ArgumentException($"Grain type name '{info.Name}' is used by both {_byName[info.Name].GrainClass.FullName} and {grainClass.FullName}.", nameof(grainClasses));
            }

            foreach (var grainInterface in info.Interfaces)
            {
                if (!_byInterface.TryGetValue(grainInterface, out var list))
                {
                    _byInterface[grainInterface] = list = [];
                }

                list.Add(info);
            }
        }
    }

    /// <summary>All registered grain types.</summary>
    public IEnumerable<GrainTypeInfo> All => _byName.Values;

    /// <summary>Finds every concrete grain class in an assembly.</summary>
    public static IEnumerable<Type> FindGrainClasses(Assembly assembly)
        => assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t));

    /// <summary>The grain type with this name.</summary>
    /// <exception cref="KeyNotFoundException">No such grain type here.</exception>
    public GrainTypeInfo ForName(string name)
        => _byName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"No grain type '{name}' is registered on this silo.");

    /// <summary>The one grain type implementing an interface.</summary>
    /// <exception cref="ArgumentException">None or several implement it.</exception>
    public GrainTypeInfo ForInterface(Type grainInterface)
    {
        if (!_byInterface.TryGetValue(grainInterface, out var list) || list.Count == 0)
        {
            throw new ArgumentException($"No grain class implements {grainInterface.Name}.", nameof(grainInterface));
        }

        if (list.Count > 1)
        {
            throw new ArgumentException($"Several grain classes implement {grainInterface.Name} ({string.Join(", ", list.Select(i => i.Name))}); use GetGrain with a GrainId.", nameof(grainInterface));
        }

        return list[0];
    }
}
