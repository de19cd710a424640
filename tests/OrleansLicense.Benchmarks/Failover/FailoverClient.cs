using System.Diagnostics;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// One virtual client of the grid: login, heartbeats every <see cref="HeartbeatInterval"/>, logout.
/// A request that meets a transport error, a timeout or a 5xx moves to the next gateway and is sent
/// again there (logins with the same request id, heartbeats and logouts with the same session id), as the .NET client does (without
/// its back-off, so the gap measured is the grid's). Latency is recorded from the first attempt, so
/// the phase's histogram holds what the client waited; only unexpected answers count as errors.
/// </summary>
/// <remarks>
/// The gap: from the start of the first request not answered successfully to the next successful
/// answer (a 409 refusal is one). It covers failed requests and requests left hanging alike.
/// </remarks>
internal sealed class FailoverClient(IReadOnlyList<SessionApi> gateways, int firstGateway, FailoverCounters counters, HeldSeats held)
{
    /// <summary>A client slower than this once, or that saw a transport error or a 5xx, was hit by the failover.</summary>
    public static readonly TimeSpan HitThreshold = TimeSpan.FromSeconds(1);

    private const int HeartbeatsPerSession = 5;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>A request no gateway answered for this long is an error, and the cycle moves on: the run stays bounded.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    private int _gateway = firstGateway % gateways.Count;
    private long _waitingSince;

    public TimeSpan WorstGap { get; private set; }

    public int Unavailable { get; private set; }

    public bool WasHit => Unavailable > 0 || WorstGap >= HitThreshold;

    /// <summary>One cycle, for <see cref="PhaseRunner"/>. It always ends with the logout, even past the window or on Ctrl+C.</summary>
    public async Task<bool> CycleAsync(WorkerRecorder worker, CancellationToken cancellationToken)
    {
        // One request id for the login and its retries, as the .NET client does: a retry after an answer lost
        // with the silo finds the session (and seat) the first attempt made.
        var requestId = SessionApi.NewRequestId();
        var login = await SendAsync(worker, OpKind.Login, (api, ct) => api.LoginAsync(requestId, ct), l => (l.Outcome, l.Error), cancellationToken).ConfigureAwait(false);
        if (login.SessionId is not { } sessionId)
        {
            // A refused user tries again a little later, not in a tight loop.
            await PauseAsync(HeartbeatInterval, cancellationToken).ConfigureAwait(false);
            return true;
        }

        held.Take();
        for (var i = 0; i < HeartbeatsPerSession && !worker.IsOver(cancellationToken); i++)
        {
            await PauseAsync(HeartbeatInterval, cancellationToken).ConfigureAwait(false);
            var heartbeat = await SendAsync(worker, OpKind.Heartbeat, (api, ct) => api.HeartbeatAsync(sessionId, ct), a => a, cancellationToken).ConfigureAwait(false);
            if (heartbeat.Outcome != OpOutcome.Ok)
            {
                break;
            }
        }

        held.Return();
        await SendAsync(worker, OpKind.Logout, (api, _) => api.LogoutAsync(sessionId, CancellationToken.None), a => a, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    // Ctrl+C cuts the pause short but does not throw: the cycle still logs out.
    private static async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
        => await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task<T> SendAsync<T>(
        WorkerRecorder worker,
        OpKind kind,
        Func<SessionApi, CancellationToken, Task<T>> call,
        Func<T, (OpOutcome Outcome, string? Error)> outcomeOf,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (_waitingSince == 0)
        {
            _waitingSince = started;
        }

        while (true)
        {
            var answer = await call(gateways[_gateway], cancellationToken).ConfigureAwait(false);
            var (outcome, error) = outcomeOf(answer);
            var now = Stopwatch.GetTimestamp();
            if (outcome is OpOutcome.Ok or OpOutcome.Refused)
            {
                worker.Finish(kind, started, outcome);
                var gap = Stopwatch.GetElapsedTime(_waitingSince, now);
                WorstGap = gap > WorstGap ? gap : WorstGap;
                _waitingSince = 0;
                if (!worker.IsOver(CancellationToken.None))
                {
                    counters.Answer(now);
                }

                return answer;
            }

            if (outcome == OpOutcome.Error)
            {
                // Not the failover's doing (a 410 would be a kicked session): a failure of the run.
                worker.Finish(kind, started, outcome, error);
                return answer;
            }

            Unavailable++;
            counters.Failed(kind, error);
            if (Stopwatch.GetElapsedTime(started, now) >= GiveUp || cancellationToken.IsCancellationRequested)
            {
                worker.Finish(kind, started, OpOutcome.Error, $"no gateway answered within {GiveUp.TotalSeconds:0} s, last {error}");
                return answer;
            }

            _gateway = (_gateway + 1) % gateways.Count;
            await PauseAsync(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
