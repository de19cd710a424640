namespace OrleansLicense.Grains.Agents;

/// <summary>The agreement keys of this grid, per side.</summary>
public sealed class AgentDirectoryState
{
    public List<AgentDirectoryEntry> Entries { get; set; } = [];
}
