namespace OrleansLicense.Runtime.Grains;

/// <summary>Names a grain class's type in grain ids (default: the class name without a trailing "Grain").</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Every call on this grain may interleave with every other: the activation runs several turns at once (still one thread at a time).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>This interface method interleaves with any running call, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>This interface method does not change state: read-only calls interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>The caller does not wait for this method (it must return <see cref="Task"/>); its errors are only logged.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>The activation is never collected for being idle (hot grains such as seat pools).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KeepAliveAttribute : Attribute;
