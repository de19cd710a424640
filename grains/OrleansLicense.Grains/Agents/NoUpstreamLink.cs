namespace OrleansLicense.Grains.Agents;

/// <summary>The link of a grid with no upstream configured: every call is refused with agent_not_configured.</summary>
internal sealed class NoUpstreamLink : IAgentUpstreamLink
{
    public string? AgentId => null;

    public Task<AgentFeatureRef> ResolveAsync(string product, string? featureId, string? featureName, CancellationToken cancellationToken) => throw Refused();

    public Task<AgentAgreement> SetAsync(string licenseId, string feature, string product, AgentMode mode, int seats, CancellationToken cancellationToken) => throw Refused();

    public Task<AgentAgreement> RenewAsync(string licenseId, string feature, CancellationToken cancellationToken) => throw Refused();

    public Task DrawAsync(string licenseId, string feature, string holder, int count, CancellationToken cancellationToken) => throw Refused();

    private static AgentLinkException Refused() => new(AgentErrorCodes.NotConfigured, "This silo has no upstream grid: set Agent:Upstream and Agent:Credential.");
}
