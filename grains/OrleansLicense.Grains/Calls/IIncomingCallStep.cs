namespace OrleansLicense.Grains.Calls;

/// <summary>
/// One step of the silo's single incoming grain call filter (<see cref="IncomingCallSteps"/>). Steps run in the order
/// they were added, and only for the calls they apply to.
/// </summary>
/// <remarks>
/// Why not one Orleans filter each: Orleans runs every filter for every call, each behind an await of its own, so a
/// grain call that none of them concerns still paid an async frame and a continuation per filter (issue #12,
/// docs/PERFORMANCE.md session 14). Here a call that no step applies to costs one frame in all.
/// </remarks>
public interface IIncomingCallStep
{
    /// <summary>Whether <paramref name="context"/> needs this step; a cheap test, no I/O. False lets the call pass by.</summary>
    /// <param name="context">The incoming call.</param>
    /// <returns>True to run <see cref="Invoke"/> for this call.</returns>
    bool AppliesTo(IIncomingGrainCallContext context);

    /// <summary>Runs the step; it calls <see cref="IGrainCallContext.Invoke"/> on <paramref name="context"/> to go on.</summary>
    /// <param name="context">The incoming call, or a view of it whose <c>Invoke</c> runs the next step first.</param>
    /// <returns>The call's completion.</returns>
    Task Invoke(IIncomingGrainCallContext context);
}
