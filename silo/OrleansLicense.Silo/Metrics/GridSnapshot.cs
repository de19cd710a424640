using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Silo.Metrics;

/// <summary>The grid's figures at one scrape: licenses with their seats, queue depths, live sessions, borrows.</summary>
/// <param name="Licenses">Every license with live seat counts (the admin API's own query, so the two agree).</param>
/// <param name="Queued">Requests waiting in each pool's seat queue, by (license, feature).</param>
/// <param name="LiveSessions">Live sessions.</param>
/// <param name="HeartbeatLagSeconds">The longest time since a live session's last heartbeat, in seconds.</param>
/// <param name="ActiveBorrows">Borrows not yet returned or expired.</param>
/// <param name="Agents">Second-level agent agreements this grid holds, by role (upstream, downstream; #18).</param>
internal sealed record GridSnapshot(
    IReadOnlyList<LicenseView> Licenses,
    IReadOnlyDictionary<(string License, string Feature), int> Queued,
    int LiveSessions,
    double HeartbeatLagSeconds,
    int ActiveBorrows,
    IReadOnlyDictionary<string, int> Agents)
{
    /// <summary>Before the first scrape.</summary>
    public static readonly GridSnapshot Empty = new([], new Dictionary<(string, string), int>(), 0, 0, 0, new Dictionary<string, int>());
}
