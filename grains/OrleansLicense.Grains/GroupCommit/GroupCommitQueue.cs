namespace OrleansLicense.Grains.GroupCommit;

/// <summary>
/// Group commit for a hot grain. Callers enqueue requests (from <c>[AlwaysInterleave]</c> methods,
/// so they do not wait for each other's turns); one flush at a time takes everything queued,
/// lets the grain decide every answer against its in-memory state, store all resulting events in
/// one write, and only then answers every caller. If the handler throws (the write failed),
/// every caller of the batch gets that exception, including those already answered: nothing of
/// the batch was stored.
/// </summary>
/// <remarks>
/// Use it from one grain activation only, and only from its turns: the queue takes no lock because
/// Orleans runs an activation's turns one at a time, and the flush loop started by the first
/// request of a batch runs on the activation's scheduler (an <c>await</c> in grain code resumes
/// there), so the handler sees the grain's state as its own turns do. Callers are answered with
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>: their continuations are queued
/// on their own scheduler instead of running inside the flush.
/// </remarks>
/// <typeparam name="TRequest">The request type.</typeparam>
/// <typeparam name="TResult">The answer type.</typeparam>
internal sealed class GroupCommitQueue<TRequest, TResult>
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
        var caller = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
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
        // Yield once (back onto the activation's scheduler) so every request already queued on the
        // activation joins the first batch.
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
