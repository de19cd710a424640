using Orleans.Concurrency;

namespace OrleansLicense.Grains.Agents;

/// <summary>The credentials this grid issued to second-level agents (one grain, key <see cref="Key"/>); only their hashes are stored.</summary>
public interface IAgentCredentialsGrain : IGrainWithStringKey
{
    /// <summary>The single key.</summary>
    public const string Key = "all";

    /// <summary>Makes a new secret for <paramref name="agentId"/> (replacing any older one) and answers it; it is shown once.</summary>
    Task<string> Create(string agentId, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="secret"/> is the agent's current secret (constant-time comparison of hashes).</summary>
    [ReadOnly]
    Task<bool> Verify(string agentId, string secret);

    /// <summary>The agents that hold a credential.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
