using System.Reflection;
using Orleans.Serialization.Invocation;

namespace OrleansLicense.Grains.Calls;

/// <summary>
/// An incoming call seen through a view that changes only what <see cref="Invoke"/> does: everything else is the
/// call's own, its result included.
/// </summary>
/// <param name="call">The call the view forwards to.</param>
public abstract class ForwardingCallContext(IIncomingGrainCallContext call) : IIncomingGrainCallContext
{
    /// <summary>The call this view forwards to.</summary>
    protected IIncomingGrainCallContext Call => call;

    /// <inheritdoc />
    public object Grain => call.Grain;

    /// <inheritdoc />
    public MethodInfo InterfaceMethod => call.InterfaceMethod;

    /// <inheritdoc />
    public MethodInfo ImplementationMethod => call.ImplementationMethod;

    /// <inheritdoc />
    public IInvokable Request => call.Request;

    /// <inheritdoc />
    public object? Result
    {
        get => call.Result;
        set => call.Result = value;
    }

    /// <inheritdoc />
    public Response? Response
    {
        get => call.Response;
        set => call.Response = value;
    }

    /// <inheritdoc />
    public GrainId? SourceId => call.SourceId;

    /// <inheritdoc />
    public GrainId TargetId => call.TargetId;

    /// <inheritdoc />
    public GrainInterfaceType InterfaceType => call.InterfaceType;

    /// <inheritdoc />
    public string InterfaceName => call.InterfaceName;

    /// <inheritdoc />
    public string MethodName => call.MethodName;

    /// <inheritdoc />
    public IGrainContext TargetContext => call.TargetContext;

    /// <inheritdoc />
    public abstract Task Invoke();
}
