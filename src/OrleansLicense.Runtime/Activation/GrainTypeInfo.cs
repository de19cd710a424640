using System.Reflection;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Activation;

/// <summary>A registered grain class: its type name, interfaces and scheduling attributes.</summary>
public sealed class GrainTypeInfo
{
    internal GrainTypeInfo(Type grainClass)
    {
        GrainClass = grainClass;
        Name = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name
            ?? (grainClass.Name.EndsWith("Grain", StringComparison.Ordinal) && grainClass.Name.Length > 5 ? grainClass.Name[..^5] : grainClass.Name);
        Reentrant = grainClass.IsDefined(typeof(ReentrantAttribute), inherit: false);
        KeepAlive = grainClass.IsDefined(typeof(KeepAliveAttribute), inherit: false);
        Interfaces = grainClass.GetInterfaces()
            .Where(i => i != typeof(IGrain) && typeof(IGrain).IsAssignableFrom(i))
            .ToArray();
    }

    /// <summary>The grain type name in grain ids.</summary>
    public string Name { get; }

    /// <summary>The implementation class.</summary>
    public Type GrainClass { get; }

    /// <summary>Marked <see cref="ReentrantAttribute"/>.</summary>
    public bool Reentrant { get; }

    /// <summary>Marked <see cref="KeepAliveAttribute"/>.</summary>
    public bool KeepAlive { get; }

    /// <summary>The grain interfaces it implements.</summary>
    public IReadOnlyList<Type> Interfaces { get; }
}
