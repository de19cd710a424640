using System.Reflection;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Filters;

/// <summary>A call seen by a filter.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain called.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance.</summary>
    Grain Grain { get; }

    /// <summary>The interface method.</summary>
    MethodInfo Method { get; }

    /// <summary>The arguments.</summary>
    IReadOnlyList<object?> Arguments { get; }

    /// <summary>The result, after <see cref="InvokeAsync"/>; a filter may replace it.</summary>
    object? Result { get; set; }

    /// <summary>Runs the next filter or the grain method.</summary>
    Task InvokeAsync();
}
