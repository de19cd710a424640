namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// Runs one activation's tasks one at a time on the thread pool. Grain code that awaits captures
/// this scheduler (TaskScheduler.Current), so every continuation of every turn of the activation
/// runs serially: the single-threaded guarantee of a virtual actor, even for interleaved turns.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    // Drain at most this many tasks per thread-pool visit so one hot activation cannot starve others.
    private const int MaxTasksPerVisit = 64;

    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private bool _scheduled;

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _queue.Enqueue(task);
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Never inline: inlining would run grain code on a foreign thread concurrently with the activation.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return [.. _queue];
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        for (var i = 0; i < MaxTasksPerVisit; i++)
        {
            Task task;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out task!))
                {
                    _scheduled = false;
                    return;
                }
            }

            TryExecuteTask(task);
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
