namespace OrleansLicense.Grains.Agents;

/// <summary>The upstream half of an agreement. The last renewal is not stored: a restart grants a full lease.</summary>
public sealed class UpstreamAgentState
{
    public string Product { get; set; } = "";

    public AgentMode Mode { get; set; } = AgentMode.Increase;

    public int Seats { get; set; }

    public AgentStatus Status { get; set; } = AgentStatus.Released;

    /// <summary>Share mode: upstream seats drawn per downstream holder.</summary>
    public Dictionary<string, int> Drawn { get; set; } = new(StringComparer.Ordinal);
}
