namespace OrleansLicense.Grains.Calls;

/// <summary>
/// The one incoming grain call filter the license server registers with Orleans: it runs the
/// <see cref="IIncomingCallStep"/>s that apply to a call, in the order they were added.
/// </summary>
internal sealed class IncomingCallSteps(IEnumerable<IIncomingCallStep> steps) : IIncomingGrainCallFilter
{
    private readonly IIncomingCallStep[] _steps = [.. steps];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Nearly every call needs no step, or one: neither allocates here.
        IIncomingCallStep? first = null;
        List<IIncomingCallStep>? several = null;
        foreach (var step in _steps)
        {
            if (!step.AppliesTo(context))
            {
                continue;
            }

            if (first is null)
            {
                first = step;
            }
            else
            {
                (several ??= [first]).Add(step);
            }
        }

        return several is not null ? new SteppedCallContext(context, several, 0).Invoke()
            : first is not null ? first.Invoke(context)
            : context.Invoke();
    }
}
