using System.Collections.Concurrent;
using System.Reflection;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Messaging;

/// <summary>
/// What the runtime knows of one grain interface method: how it may interleave, where its
/// cancellation token is, and how to turn the untyped result back into the declared task type.
/// </summary>
public sealed class GrainMethod
{
    private static readonly MethodInfo TypedConverter =
        typeof(GrainMethod).GetMethod(nameof(ConvertTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo TypedResultGetter =
        typeof(GrainMethod).GetMethod(nameof(GetTypedResult), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<Task<object?>, object> _convert;
    private readonly Func<Task, object?> _getResult;

    private GrainMethod(MethodInfo method)
    {
        Method = method;
        InterfaceType = method.DeclaringType!;
        Name = $"{InterfaceType.Name}.{method.Name}";
        Signature = $"{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name))})";
        ReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        OneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));

        if (method.ReturnType == typeof(Task))
        {
            ResultType = null;
            _convert = static t => t;
            _getResult = static _ => null;
        }
        else if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            ResultType = method.ReturnType.GetGenericArguments()[0];
            _convert = TypedConverter.MakeGenericMethod(ResultType).CreateDelegate<Func<Task<object?>, object>>();
            _getResult = TypedResultGetter.MakeGenericMethod(ResultType).CreateDelegate<Func<Task, object?>>();
        }
        else
        {
            throw new NotSupportedException($"Grain method {Name} must return Task or Task<T>, not {method.ReturnType.Name}.");
        }

        if (OneWay && ResultType is not null)
        {
            throw new NotSupportedException($"One-way grain method {Name} must return Task.");
        }
    }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    /// <summary>The grain interface that declares it.</summary>
    public Type InterfaceType { get; }

    /// <summary><c>Interface.Method</c>, used in statistics and errors.</summary>
    public string Name { get; }

    /// <summary>The method name and parameter types: how the method is named between silos.</summary>
    public string Signature { get; }

    /// <summary>Marked <see cref="ReadOnlyAttribute"/>.</summary>
    public bool ReadOnly { get; }

    /// <summary>Marked <see cref="AlwaysInterleaveAttribute"/>.</summary>
    public bool AlwaysInterleave { get; }

    /// <summary>Marked <see cref="OneWayAttribute"/>.</summary>
    public bool OneWay { get; }

    /// <summary>The <c>T</c> of <c>Task&lt;T&gt;</c>, or null for <c>Task</c>.</summary>
    public Type? ResultType { get; }

    /// <summary>Index of the CancellationToken parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary>Describes a method, cached per method.</summary>
    public static GrainMethod For(MethodInfo method, ConcurrentDictionary<MethodInfo, GrainMethod> cache)
        => cache.GetOrAdd(method, static m => new GrainMethod(m));

    /// <summary>Turns the runtime's untyped result into the method's declared return type.</summary>
    public object ConvertResult(Task<object?> untyped) => _convert(untyped);

    /// <summary>Reads the result of a completed task returned by the grain method.</summary>
    public object? GetResult(Task completed) => _getResult(completed);

    private static object? GetTypedResult<T>(Task completed) => ((Task<T>)completed).Result;

    private static async Task<T> ConvertTyped<T>(Task<object?> untyped) => (T)(await untyped.ConfigureAwait(false))!;
}
