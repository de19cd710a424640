namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The downstream side's link to its upstream grid (the silo implements it over the upstream's HTTP API with the
/// credential the upstream issued). Refusals come back as <see cref="AgentLinkException"/>.
/// </summary>
public interface IAgentUpstreamLink
{
    /// <summary>The agent id of this grid's credential, or null when no upstream is configured.</summary>
    string? AgentId { get; }

    /// <summary>Finds the upstream license and feature name of a product's feature, by name or by id (its 1-based position).</summary>
    Task<AgentFeatureRef> ResolveAsync(string product, string? featureId, string? featureName, CancellationToken cancellationToken);

    /// <summary>Sets the agreement upstream (0 releases it).</summary>
    Task<AgentAgreement> SetAsync(string licenseId, string feature, string product, AgentMode mode, int seats, CancellationToken cancellationToken);

    /// <summary>Renews the lease; answers the upstream's view.</summary>
    Task<AgentAgreement> RenewAsync(string licenseId, string feature, CancellationToken cancellationToken);

    /// <summary>Share mode: sets what a holder draws upstream.</summary>
    Task DrawAsync(string licenseId, string feature, string holder, int count, CancellationToken cancellationToken);
}

/// <summary>A feature of an upstream license that agents may serve.</summary>
[GenerateSerializer, Immutable]
public sealed record AgentFeatureRef(string LicenseId, string Feature, int Seats);
