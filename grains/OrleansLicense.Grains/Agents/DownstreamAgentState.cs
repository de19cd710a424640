namespace OrleansLicense.Grains.Agents;

/// <summary>The downstream half of an agreement.</summary>
public sealed class DownstreamAgentState
{
    public string Product { get; set; } = "";

    public AgentMode Mode { get; set; } = AgentMode.Increase;

    public int Seats { get; set; }

    public AgentStatus Status { get; set; } = AgentStatus.Released;

    /// <summary>The upstream's lease, from its last answer.</summary>
    public int LeaseSeconds { get; set; }

    /// <summary>When the upstream last answered a renewal (stored, so a restart cannot extend the time without one).</summary>
    public DateTimeOffset? LastLinkOk { get; set; }

    /// <summary>A release shrank the local pool but the upstream has not confirmed it yet: the renewals retry it.</summary>
    public bool SyncPending { get; set; }

    /// <summary>Share mode: draw-backs the upstream has not confirmed yet (holder, seats it should draw), retried with the renewals.</summary>
    public Dictionary<string, int> PendingDrawBacks { get; set; } = new(StringComparer.Ordinal);
}
