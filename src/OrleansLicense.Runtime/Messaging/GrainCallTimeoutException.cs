namespace OrleansLicense.Runtime.Messaging;

/// <summary>
/// A grain call got no answer within the response timeout. Between non-reentrant grains a call
/// cycle (A calls B calls A) blocks until this timeout: the runtime has no deadlock detector.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for a call that waited <paramref name="timeout"/>.</summary>
    public GrainCallTimeoutException(string methodName, string grainId, TimeSpan timeout)
        : base($"Call {methodName} on grain {grainId} got no answer within {timeout.TotalSeconds:0.###} s. "
            + "If non-reentrant grains call each other in a cycle (A -> B -> A), the cycle blocks until this timeout; "
            + "mark the method [AlwaysInterleave] or the grain [Reentrant], or break the cycle.")
    {
        MethodName = methodName;
        GrainId = grainId;
        Timeout = timeout;
    }

    /// <summary>The method called.</summary>
    public string MethodName { get; }

    /// <summary>The grain called.</summary>
    public string GrainId { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }
}
