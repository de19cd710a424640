using System.Runtime.ExceptionServices;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Silo.Dashboard.Profiling;

/// <summary>A grain call as the dashboard's profiler sees it: a business refusal is kept aside instead of thrown.</summary>
internal sealed class RefusalKeepingCallContext(IIncomingGrainCallContext call) : ForwardingCallContext(call)
{
    private ExceptionDispatchInfo? _refusal;

    public override async Task Invoke()
    {
        try
        {
            await Call.Invoke().ConfigureAwait(false);
        }
        catch (LicensingException refusal)
        {
            _refusal = ExceptionDispatchInfo.Capture(refusal);
        }
    }

    /// <summary>Throws the refusal the call ended with, if it ended with one.</summary>
    public void ThrowKeptRefusal() => _refusal?.Throw();
}
