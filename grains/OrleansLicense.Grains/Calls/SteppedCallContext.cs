namespace OrleansLicense.Grains.Calls;

/// <summary>
/// An incoming call as the step at <paramref name="index"/> sees it when several steps apply: everything is the
/// call's own, except that <see cref="Invoke"/> runs the next step, and the last step's <c>Invoke</c> the call.
/// </summary>
internal sealed class SteppedCallContext(IIncomingGrainCallContext call, IReadOnlyList<IIncomingCallStep> steps, int index) : ForwardingCallContext(call)
{
    /// <summary>Runs this view's step, whose own <c>Invoke</c> leads to the next one.</summary>
    public override Task Invoke()
        => index < steps.Count ? steps[index].Invoke(new SteppedCallContext(Call, steps, index + 1)) : Call.Invoke();
}
