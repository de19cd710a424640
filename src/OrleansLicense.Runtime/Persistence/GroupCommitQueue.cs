namespace OrleansLicense.Runtime.Persistence;

/// <summary>One request waiting in a <see cref="GroupCommitQueue{TRequest, TResult}"/>.</summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResult">The answer type.</typeparam>
public sealed class GroupCommitItem<TRequest, TResult>
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

/// <summary>
/// Group commit for a hot grain. Callers enqueue requests (from <c>[AlwaysInterleave]</c> methods,
/// so they do not wait for each other's turns); one flush at a time takes everything queued,
/// lets the grain decide every answer against its in-memory state, store all resulting events in
/// one transaction, and only then answers every caller. If the handler throws (the write failed),
/// every caller of the batch gets that exception, including those already answered: nothing of
/// the batch was stored. Create it inside the grain (it captures the activation's scheduler when
/// the first flush starts in a turn).
/// </summary>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResult">The answer type.</typeparam>
public sealed class GroupCommitQueue<TRequest, TResult>
{
    private readonly Func<IReadOnlyList<GroupCommitItem<TRequest, TResult>>, CancellationToken, Task> _commitBatch;
    private readonly int _maxBatchSize;
    private readonly List<(GroupCommitItem<TRequest, TResult> Item, TaskCompletionSource<TResult> Caller)> _pending = [];
    private bool _flushing;

    /// <summary>Creates the queue.</summary>
    /// <param name="commitBatch">Decides every item (Answer or Fail) and stores the batch's effects in one write.</param>
    /// <param name="maxBatchSize">The most requests one flush takes.</param>
    public GroupCommitQueue(Func<IReadOnlyList<GroupCommitItem<TRequest, TResult>>, CancellationToken, Task> commitBatch, int maxBatchSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(commitBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _commitBatch = commitBatch;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>Batches flushed so far (for tests and statistics).</summary>
    public long BatchCount { get; private set; }

    /// <summary>Requests flushed so far.</summary>
    public long RequestCount { get; private set; }

    /// <summary>The largest batch flushed so far.</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Queues a request; the task ends with its answer once the batch holding it committed.</summary>
    public Task<TResult> EnqueueAsync(TRequest request)
    {
        // Runs on the activation's scheduler (one thread at a time): no lock needed. The flush answers
        // on that same scheduler, so a caller's turn goes on inline there instead of round the thread pool.
        var caller = new TaskCompletionSource<TResult>(Activation.TurnAnswers.ForCurrentCaller());
        _pending.Add((new GroupCommitItem<TRequest, TResult>(request), caller));
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushLoopAsync();
        }

        return caller.Task;
    }

    private async Task FlushLoopAsync()
    {
        // Yield once so every request already queued on the activation joins the first batch.
        await Task.Yield();
        try
        {
            while (_pending.Count > 0)
            {
                var take = Math.Min(_pending.Count, _maxBatchSize);
                var batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
                BatchCount++;
                RequestCount += take;
                LargestBatch = Math.Max(LargestBatch, take);
                var items = batch.ConvertAll(b => b.Item);
                try
                {
                    await _commitBatch(items, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    foreach (var (_, caller) in batch)
                    {
                        caller.TrySetException(ex);
                    }

                    continue;
                }

                foreach (var (item, caller) in batch)
                {
                    if (!item.HasOutcome)
                    {
                        caller.TrySetException(new InvalidOperationException("The group-commit handler left a request unanswered."));
                    }
                    else if (item.Error is not null)
                    {
                        caller.TrySetException(item.Error);
                    }
                    else
                    {
                        caller.TrySetResult(item.Result!);
                    }
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
