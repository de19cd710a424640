using Orleans.Concurrency;

namespace OrleansLicense.Grains.Sessions;

/// <summary>
/// The live sessions that hold no seat (every feature checked in), in <see cref="Shards"/> shards keyed by
/// <see cref="ShardOf"/>. The admin API finds sessions through the pools' leases; a session without seats has no
/// lease, so it is listed here instead, and expires here when its heartbeats stop (issue 14, item 8).
/// </summary>
public interface ISeatlessSessionsGrain : IGrainWithStringKey
{
    /// <summary>How many shards the index has.</summary>
    public const int Shards = 16;

    /// <summary>The shard keys, for listing.</summary>
    public static IEnumerable<string> AllShards => Enumerable.Range(0, Shards).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The shard that holds a session: a stable hash of its id (session ids are hex or base64url).</summary>
    public static string ShardOf(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var hash = 17u;
        foreach (var c in sessionId)
        {
            hash = (hash * 31) + c;
        }

        return (hash % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a session that is about to give back its last seat; durable before it answers.</summary>
    Task Add(string sessionId, int timeoutSeconds, CancellationToken cancellationToken);

    /// <summary>Removes a session that took a seat again or ended; durable before it answers.</summary>
    Task Remove(string sessionId, CancellationToken cancellationToken);

    /// <summary>A heartbeat of a listed session: renews its lease here (in memory, as the pools do).</summary>
    [AlwaysInterleave]
    Task Touch(string sessionId);

    /// <summary>The listed session ids.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
