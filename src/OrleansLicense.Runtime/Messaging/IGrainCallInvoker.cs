namespace OrleansLicense.Runtime.Messaging;

/// <summary>Delivers a call to the grain's activation, wherever it lives, and returns its result.</summary>
public interface IGrainCallInvoker
{
    /// <summary>Invokes the call; the task ends with the method's result or its exception, unchanged.</summary>
    /// <exception cref="GrainCallTimeoutException">No answer within the response timeout.</exception>
    Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken);
}
