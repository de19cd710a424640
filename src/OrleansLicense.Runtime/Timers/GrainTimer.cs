using OrleansLicense.Runtime.Activation;

namespace OrleansLicense.Runtime.Timers;

/// <summary>
/// An in-memory timer of one activation. Each tick is queued as a turn; a tick is skipped while
/// the previous one is still queued or running, so slow callbacks never pile up.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private int _tickPending;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        _activation = activation;
        _callback = callback;
        Options = options;
    }

    public GrainTimerOptions Options { get; }

    public void Start()
        => _timer = _activation.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnTimer(), this, Options.DueTime, Options.Period);

    public async Task TickAsync()
    {
        try
        {
            if (!_disposed.IsCancellationRequested)
            {
                await _callback(_disposed.Token);
            }
        }
        finally
        {
            Volatile.Write(ref _tickPending, 0);
        }
    }

    public void TickRejected() => Volatile.Write(ref _tickPending, 0);

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnTimer()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _tickPending, 1) == 1)
        {
            return;
        }

        _activation.Enqueue(new TimerWorkItem(this));
    }
}
