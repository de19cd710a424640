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

    // The thread draining this scheduler now (0: none). Only that thread may run a task inline.
    private int _drainingThread;

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

    /// <summary>
    /// Inline only on the thread that is running this activation's tasks now (as Orleans does): a
    /// continuation of the activation's own work then runs at once instead of going round the queue
    /// and the thread pool, once per await level of a turn. Any other thread would run grain code
    /// concurrently with the activation, so it queues.
    /// </summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
        => Volatile.Read(ref _drainingThread) == Environment.CurrentManagedThreadId && TryExecuteTask(task);

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
        // TryExecuteTask does not throw (a task keeps its own exception), so no finally is needed.
        Volatile.Write(ref _drainingThread, Environment.CurrentManagedThreadId);
        for (var i = 0; i < MaxTasksPerVisit; i++)
        {
            Task task;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out task!))
                {
                    // Cleared before another thread may be sent to drain.
                    Volatile.Write(ref _drainingThread, 0);
                    _scheduled = false;
                    return;
                }
            }

            TryExecuteTask(task);
        }

        Volatile.Write(ref _drainingThread, 0);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
