namespace OrleansLicense.Benchmarks.Load;

/// <summary>A counter the loops of a phase share to pick the next session (0, 1, 2, …).</summary>
internal sealed class SharedCursor
{
    private long _next = -1;

    public long Next() => Interlocked.Increment(ref _next);
}
