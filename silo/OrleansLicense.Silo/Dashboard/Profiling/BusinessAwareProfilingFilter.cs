using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Silo.Dashboard.Profiling;

/// <summary>
/// Sits in front of the Orleans Dashboard's own profiling filter (issue #14 item 18) so that its charts show the
/// license server's work: a business refusal (maintenance, no seats, an unknown session: a
/// <see cref="LicensingException"/>) is a call that succeeded, not an error, and the dashboard's own polling (its
/// grains and Orleans' management grain) is not counted at all.
/// </summary>
/// <remarks>
/// The dashboard's profiler is internal to Orleans.Dashboard, so this filter does not replace it: it hands the
/// dashboard's filter a call whose <see cref="IGrainCallContext.Invoke"/> keeps a refusal aside, and throws the
/// refusal once that filter has recorded a success.
/// </remarks>
internal sealed class BusinessAwareProfilingFilter(IIncomingGrainCallFilter dashboardProfiler, Func<bool> profilerIsOn) : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public Task Invoke(IIncomingGrainCallContext context)
    {
        // The dashboard switches its profiler on while someone looks at it (and off a while after): until then every
        // call goes straight through, without the wrapper and the extra await.
        return profilerIsOn() && !IsOrleansOwn(context.Grain.GetType()) ? ProfileAsync(context) : context.Invoke();
    }

    private async Task ProfileAsync(IIncomingGrainCallContext context)
    {
        var call = new RefusalKeepingCallContext(context);
        await dashboardProfiler.Invoke(call).ConfigureAwait(false);
        call.ThrowKeptRefusal();
    }

    // Orleans' own grains and system targets, the dashboard's included: what the dashboard polls.
    private static bool IsOrleansOwn(Type grainType)
        => grainType.Namespace is { } name && (name == "Orleans" || name.StartsWith("Orleans.", StringComparison.Ordinal));
}
