using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Silo.Dashboard.Profiling;

/// <summary>
/// Sits in front of the Orleans Dashboard's own profiling filter (issue #14 item 18) so that its charts show the
/// license server's work: a business refusal (maintenance, no seats, an unknown session: a
/// <see cref="LicensingException"/>) is a call that succeeded, not an error, and the dashboard's own polling (its
/// grains and Orleans' management grain) is not counted at all.
/// </summary>
/// <remarks>
/// The dashboard's profiler is internal to Orleans.Dashboard, so this step does not replace it: it hands the
/// dashboard's filter a call whose <see cref="IGrainCallContext.Invoke"/> keeps a refusal aside, and throws the
/// refusal once that filter has recorded a success. The dashboard switches its profiler on while someone looks at it
/// (and off a while after): until then the step applies to no call.
/// </remarks>
internal sealed class BusinessAwareProfiling(IIncomingGrainCallFilter dashboardProfiler, Func<bool> profilerIsOn) : IIncomingCallStep
{
    /// <inheritdoc />
    public bool AppliesTo(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return profilerIsOn() && !IsOrleansOwn(context.Grain.GetType());
    }

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var call = new RefusalKeepingCallContext(context);
        await dashboardProfiler.Invoke(call).ConfigureAwait(false);
        call.ThrowKeptRefusal();
    }

    // Orleans' own grains and system targets, the dashboard's included: what the dashboard polls.
    private static bool IsOrleansOwn(Type grainType)
        => grainType.Namespace is { } name && (name == "Orleans" || name.StartsWith("Orleans.", StringComparison.Ordinal));
}
