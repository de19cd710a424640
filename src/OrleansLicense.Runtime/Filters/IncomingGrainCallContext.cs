using System.Reflection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Messaging;

namespace OrleansLicense.Runtime.Filters;

/// <summary>Walks the filter chain, then calls the grain method.</summary>
internal sealed class IncomingGrainCallContext(
    GrainId grainId,
    Grain grain,
    GrainMethod method,
    object?[] arguments,
    IReadOnlyList<IIncomingGrainCallFilter> filters,
    Func<Grain, GrainMethod, object?[], Task<object?>> invokeMethod) : IIncomingGrainCallContext
{
    private int _next;

    public GrainId GrainId => grainId;

    public Grain Grain => grain;

    public MethodInfo Method => method.Method;

    public IReadOnlyList<object?> Arguments => arguments;

    public object? Result { get; set; }

    public async Task InvokeAsync()
    {
        if (_next < filters.Count)
        {
            await filters[_next++].InvokeAsync(this);
            return;
        }

        Result = await invokeMethod(grain, method, arguments);
    }
}
