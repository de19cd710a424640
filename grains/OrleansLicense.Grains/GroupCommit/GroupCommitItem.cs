namespace OrleansLicense.Grains.GroupCommit;

/// <summary>One request waiting in a <see cref="GroupCommitQueue{TRequest, TResult}"/>.</summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResult">The answer type.</typeparam>
internal sealed class GroupCommitItem<TRequest, TResult>
{
    internal GroupCommitItem(TRequest request) => Request = request;

    /// <summary>The request.</summary>
    public TRequest Request { get; }

    internal bool HasOutcome { get; private set; }

    internal TResult? Result { get; private set; }

    internal Exception? Error { get; private set; }

    /// <summary>Decides this request's answer; it reaches the caller only after the batch committed.</summary>
    public void Answer(TResult result)
    {
        Result = result;
        Error = null;
        HasOutcome = true;
    }

    /// <summary>Decides that this request fails (a business error such as no free seat).</summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        HasOutcome = true;
    }
}
