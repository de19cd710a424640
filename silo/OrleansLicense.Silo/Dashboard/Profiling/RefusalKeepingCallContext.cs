using System.Reflection;
using System.Runtime.ExceptionServices;
using Orleans.Serialization.Invocation;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Silo.Dashboard.Profiling;

/// <summary>A grain call as the dashboard's profiler sees it: a business refusal is kept aside instead of thrown.</summary>
internal sealed class RefusalKeepingCallContext(IIncomingGrainCallContext call) : IIncomingGrainCallContext
{
    private ExceptionDispatchInfo? _refusal;

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

    public async Task Invoke()
    {
        try
        {
            await call.Invoke().ConfigureAwait(false);
        }
        catch (LicensingException refusal)
        {
            _refusal = ExceptionDispatchInfo.Capture(refusal);
        }
    }

    /// <summary>Throws the refusal the call ended with, if it ended with one.</summary>
    public void ThrowKeptRefusal() => _refusal?.Throw();
}
