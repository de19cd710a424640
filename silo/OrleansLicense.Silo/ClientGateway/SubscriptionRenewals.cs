namespace OrleansLicense.Silo.ClientGateway;

/// <summary>
/// Coalesces renewals of one observer's kick subscription that arrive within <see cref="Window"/> of each other. The
/// client library heartbeats a session at most once a second, so each of its heartbeats still renews; only retries
/// and load generators repeat faster, and a renewal per repeat would double their grain calls for nothing.
/// Per activation of the (stateless worker) client gateway grain; bounded.
/// </summary>
internal sealed class SubscriptionRenewals
{
    /// <summary>Renewals closer together than this are one.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 50_000;

    private readonly Dictionary<(string Session, GrainId Observer), long> _last = [];

    /// <summary>True when this observer's subscription to this session was not renewed within the window (and records it).</summary>
    public bool IsDue(string sessionId, GrainId observer)
    {
        var now = Environment.TickCount64;
        var key = (sessionId, observer);
        if (_last.TryGetValue(key, out var at) && now - at < (long)Window.TotalMilliseconds)
        {
            return false;
        }

        if (_last.Count >= MaxEntries)
        {
            // Older than the window means no longer coalescing anything: drop them all.
            foreach (var stale in _last.Where(e => now - e.Value >= (long)Window.TotalMilliseconds).Select(e => e.Key).ToList())
            {
                _last.Remove(stale);
            }

            if (_last.Count >= MaxEntries)
            {
                _last.Clear();
            }
        }

        _last[key] = now;
        return true;
    }
}
