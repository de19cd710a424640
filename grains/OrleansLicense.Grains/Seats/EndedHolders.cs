namespace OrleansLicense.Grains.Seats;

/// <summary>
/// The sessions that ended at a pool a short while ago, so that a late duplicate of one's login is refused rather than
/// granted seats no client will give back. A duplicate is a login retried while its first attempt was still under way
/// (its silo died, or its answer was lost): Orleans drops calls older than their response timeout, so a window a few
/// times that long covers them. Memory only, and bounded: after a pool's restart or past the bound, such a seat is still
/// listed and removable, and its lease runs out.
/// </summary>
internal sealed class EndedHolders(TimeSpan window, int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, string SessionId)> _order = new();

    /// <summary>Notes that <paramref name="sessionId"/> ended at <paramref name="now"/>.</summary>
    public void Add(string sessionId, DateTimeOffset now)
    {
        Forget(now);
        if (_ids.Add(sessionId))
        {
            _order.Enqueue((now, sessionId));
            if (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue().SessionId);
            }
        }
    }

    /// <summary>True when <paramref name="sessionId"/> ended within the window.</summary>
    public bool Contains(string sessionId, DateTimeOffset now)
    {
        Forget(now);
        return _ids.Contains(sessionId);
    }

    private void Forget(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At > window)
        {
            _ids.Remove(_order.Dequeue().SessionId);
        }
    }
}
