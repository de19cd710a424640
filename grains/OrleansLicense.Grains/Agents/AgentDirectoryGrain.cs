using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Agents;

/// <summary>The list of agreements of this grid (written once per new agreement).</summary>
[GrainType("agentdirectory")]
internal sealed class AgentDirectoryGrain(
    [PersistentState("agentDirectory", LicenseStorage.StateStorageName)] IPersistentState<AgentDirectoryState> directory) : Grain, IAgentDirectoryGrain
{
    public async Task Register(string role, string agentKey)
    {
        var entry = new AgentDirectoryEntry(role, agentKey);
        if (!directory.State.Entries.Contains(entry))
        {
            directory.State.Entries.Add(entry);
            await directory.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<AgentDirectoryEntry>> List()
        => Task.FromResult<IReadOnlyList<AgentDirectoryEntry>>([.. directory.State.Entries]);
}
