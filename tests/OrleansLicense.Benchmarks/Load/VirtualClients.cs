namespace OrleansLicense.Benchmarks.Load;

/// <summary>The cycles a virtual client runs: what one loop of a phase does per iteration.</summary>
internal static class VirtualClients
{
    /// <summary>
    /// Login, <paramref name="heartbeats"/> heartbeats, logout. A cycle always finishes, even past
    /// the window, so every seat taken is given back. A refused login (409) ends the cycle.
    /// </summary>
    public static Func<WorkerRecorder, CancellationToken, Task<bool>> LoginLogout(SessionApi api, int heartbeats, HeldSeats? held = null)
        => async (worker, cancellationToken) =>
        {
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var login = await api.LoginAsync(cancellationToken).ConfigureAwait(false);
            worker.Finish(OpKind.Login, started, login.Outcome, login.Error);
            if (login.SessionId is not { } sessionId)
            {
                return true;
            }

            held?.Take();
            for (var i = 0; i < heartbeats; i++)
            {
                started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
                var (outcome, error) = await api.HeartbeatAsync(sessionId, cancellationToken).ConfigureAwait(false);
                worker.Finish(OpKind.Heartbeat, started, outcome, error);
            }

            held?.Return();
            started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var logout = await api.LogoutAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
            worker.Finish(OpKind.Logout, started, logout.Outcome, logout.Error);
            return true;
        };

    /// <summary>Logs sessions in and keeps them (one list per loop, so no lock), until the window closes.</summary>
    public static Func<WorkerRecorder, CancellationToken, Task<bool>> LoginAndKeep(SessionApi api, IReadOnlyList<List<string>> perWorker)
        => async (worker, cancellationToken) =>
        {
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var login = await api.LoginAsync(cancellationToken).ConfigureAwait(false);
            worker.Finish(OpKind.Login, started, login.Outcome, login.Error);
            if (login.SessionId is { } sessionId)
            {
                perWorker[worker.Worker].Add(sessionId);
            }

            return true;
        };

    /// <summary>One heartbeat per iteration, the loops walking the sessions round robin through a shared cursor.</summary>
    public static Func<WorkerRecorder, CancellationToken, Task<bool>> Heartbeats(SessionApi api, IReadOnlyList<string> sessions, SharedCursor cursor)
        => async (worker, cancellationToken) =>
        {
            var sessionId = sessions[(int)(cursor.Next() % sessions.Count)];
            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var (outcome, error) = await api.HeartbeatAsync(sessionId, cancellationToken).ConfigureAwait(false);
            worker.Finish(OpKind.Heartbeat, started, outcome, error);
            return true;
        };

    /// <summary>Heartbeats every session once; a loop stops when the list is used up.</summary>
    public static Func<WorkerRecorder, CancellationToken, Task<bool>> HeartbeatAll(SessionApi api, IReadOnlyList<string> sessions, SharedCursor cursor)
        => EachOnce(sessions, cursor, OpKind.Heartbeat, api.HeartbeatAsync);

    /// <summary>Logs every session out once; a loop stops when the list is used up.</summary>
    public static Func<WorkerRecorder, CancellationToken, Task<bool>> LogoutAll(SessionApi api, IReadOnlyList<string> sessions, SharedCursor cursor)
        => EachOnce(sessions, cursor, OpKind.Logout, api.LogoutAsync);

    private static Func<WorkerRecorder, CancellationToken, Task<bool>> EachOnce(
        IReadOnlyList<string> sessions,
        SharedCursor cursor,
        OpKind kind,
        Func<string, CancellationToken, Task<(OpOutcome Outcome, string? Error)>> call)
        => async (worker, cancellationToken) =>
        {
            var at = cursor.Next();
            if (at >= sessions.Count)
            {
                return false;
            }

            var started = await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            var (outcome, error) = await call(sessions[(int)at], cancellationToken).ConfigureAwait(false);
            worker.Finish(kind, started, outcome, error);
            return true;
        };
}
