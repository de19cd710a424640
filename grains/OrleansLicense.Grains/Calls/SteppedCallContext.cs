using System.Reflection;
using Orleans.Serialization.Invocation;

namespace OrleansLicense.Grains.Calls;

/// <summary>
/// An incoming call as the step at <paramref name="index"/> sees it when several steps apply: everything is the
/// call's own, except that <see cref="Invoke"/> runs the next step, and the last step's <c>Invoke</c> the call.
/// </summary>
internal sealed class SteppedCallContext(IIncomingGrainCallContext call, IReadOnlyList<IIncomingCallStep> steps, int index) : IIncomingGrainCallContext
{
    public object Grain => call.Grain;

    public MethodInfo InterfaceMethod => call.InterfaceMethod;

    public MethodInfo ImplementationMethod => call.ImplementationMethod;

    public IInvokable Request => call.Request;

    public object? Result
    {
        get => call.Result;
        set => call.Result = value;
    }

    public Response? Response
    {
        get => call.Response;
        set => call.Response = value;
    }

    public GrainId? SourceId => call.SourceId;

    public GrainId TargetId => call.TargetId;

    public GrainInterfaceType InterfaceType => call.InterfaceType;

    public string InterfaceName => call.InterfaceName;

    public string MethodName => call.MethodName;

    public IGrainContext TargetContext => call.TargetContext;

    /// <summary>Runs this view's step, whose own <c>Invoke</c> leads to the next one.</summary>
    public Task Invoke()
        => index < steps.Count ? steps[index].Invoke(new SteppedCallContext(call, steps, index + 1)) : call.Invoke();
}
