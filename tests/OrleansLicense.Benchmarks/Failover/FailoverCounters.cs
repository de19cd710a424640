using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// What the failover's clients share: answers per second of the run (the dip and the recovery),
/// the transport errors and 5xx they retried elsewhere, and the logins among them (sent again with
/// their request id). Touched with Interlocked only.
/// </summary>
internal sealed class FailoverCounters(long origin, TimeSpan length)
{
    private readonly long[] _perSecond = new long[(int)Math.Ceiling(length.TotalSeconds) + 1];
    private long _answered;
    private long _unavailable;
    private long _lostLogins;

    /// <summary>Successful answers (and refusals) inside the window.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Requests that met a transport error, a timeout or a 5xx and were tried again elsewhere.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Login attempts that met one and were sent again: the first may have taken a seat its client never heard of.</summary>
    public long LostLogins => Interlocked.Read(ref _lostLogins);

    public ConcurrentDictionary<string, long> UnavailableKinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers in each second since the start of the run.</summary>
    public IReadOnlyList<long> PerSecond => [.. Enumerable.Range(0, _perSecond.Length).Select(i => Interlocked.Read(ref _perSecond[i]))];

    public void Answer(long timestamp)
    {
        Interlocked.Increment(ref _answered);
        var second = (long)Stopwatch.GetElapsedTime(origin, timestamp).TotalSeconds;
        if (second >= 0 && second < _perSecond.Length)
        {
            Interlocked.Increment(ref _perSecond[second]);
        }
    }

    public void Failed(OpKind kind, string? error)
    {
        Interlocked.Increment(ref _unavailable);
        if (kind == OpKind.Login)
        {
            Interlocked.Increment(ref _lostLogins);
        }

        UnavailableKinds.AddOrUpdate($"{kind.ToString().ToLowerInvariant()} {error}", 1, (_, n) => n + 1);
    }
}
