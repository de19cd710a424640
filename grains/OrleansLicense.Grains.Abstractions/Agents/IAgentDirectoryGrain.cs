using Orleans.Concurrency;

namespace OrleansLicense.Grains.Agents;

/// <summary>The agreements this grid takes part in, upstream and downstream (one grain, key <see cref="Key"/>), for listing.</summary>
public interface IAgentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The single key.</summary>
    public const string Key = "all";

    /// <summary>Notes an agreement key on one side ("upstream" or "downstream").</summary>
    Task Register(string role, string agentKey);

    /// <summary>Every agreement key, per side.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AgentDirectoryEntry>> List();
}

/// <summary>An agreement this grid takes part in: <paramref name="Role"/> "upstream" or "downstream".</summary>
[GenerateSerializer, Immutable]
public sealed record AgentDirectoryEntry(string Role, string AgentKey);
