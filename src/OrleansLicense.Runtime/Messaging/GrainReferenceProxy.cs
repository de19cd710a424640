using System.Collections.Concurrent;
using System.Reflection;
using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Messaging;

/// <summary>
/// The reference to a grain: a <see cref="DispatchProxy"/> that turns each interface call into a
/// <see cref="GrainCall"/> for the invoker. Public only because DispatchProxy requires it.
/// </summary>
public class GrainReferenceProxy : DispatchProxy
{
    private IGrainCallInvoker? _invoker;
    private ConcurrentDictionary<MethodInfo, GrainMethod>? _methods;

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId { get; private set; }

    internal void Initialize(GrainId grainId, IGrainCallInvoker invoker, ConcurrentDictionary<MethodInfo, GrainMethod> methods)
    {
        GrainId = grainId;
        _invoker = invoker;
        _methods = methods;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Name switch
            {
                nameof(ToString) => $"GrainReference({GrainId})",
                nameof(GetHashCode) => GrainId.GetHashCode(),
                _ => throw new NotSupportedException($"{targetMethod.Name} is not supported on a grain reference."),
            };
        }

        var method = GrainMethod.For(targetMethod, _methods!);
        var arguments = args ?? [];
        var callerToken = method.CancellationTokenIndex >= 0 ? (CancellationToken)arguments[method.CancellationTokenIndex]! : CancellationToken.None;
        var call = new GrainCall(GrainId, method, arguments) { FromGrainTurn = Activation.TurnAnswers.InGrainTurn };
        var result = _invoker!.InvokeAsync(call, callerToken);
        return method.ConvertResult(result);
    }
}
