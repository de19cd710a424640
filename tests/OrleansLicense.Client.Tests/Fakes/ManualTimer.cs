namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>A timer of <see cref="ManualTimeProvider"/>; its schedule lives in the provider.</summary>
internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private int _disposed;

    /// <summary>When it fires next (valid while armed; guarded by the provider's lock).</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Zero for a one-shot timer.</summary>
    public TimeSpan Period { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        owner.Arm(this, dueTime, period);
        return true;
    }

    public void Fire()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            callback(state);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            owner.Disarm(this);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
