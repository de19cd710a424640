using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Messaging;

/// <summary>One call on a grain: the target, the method and its arguments.</summary>
/// <param name="Target">The grain called.</param>
/// <param name="Method">The interface method.</param>
/// <param name="Arguments">The arguments, in parameter order.</param>
public sealed record GrainCall(GrainId Target, GrainMethod Method, object?[] Arguments)
{
    /// <summary>
    /// True when a grain's turn made the call: its await continues on its own activation's scheduler
    /// whatever thread completes the call, so the answer may be given on the callee's thread.
    /// </summary>
    public bool FromGrainTurn { get; init; }
}
