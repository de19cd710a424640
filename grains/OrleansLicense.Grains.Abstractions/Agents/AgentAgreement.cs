namespace OrleansLicense.Grains.Agents;

/// <summary>One side's view of an agreement between an upstream feature and a second-level agent.</summary>
/// <param name="LicenseId">The upstream license (also the downstream's local license id).</param>
/// <param name="Feature">The feature.</param>
/// <param name="AgentId">The agent (the name its credential was issued for).</param>
/// <param name="Product">The product.</param>
/// <param name="Mode">Increase or share.</param>
/// <param name="Seats">The seats agreed (increase: delegated; share: the most the agent may draw at once).</param>
/// <param name="InUse">Seats the agent's clients hold now (downstream: from its pool; upstream share: drawn now).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="LeaseSeconds">The upstream's lease: it takes the seats back this long after the last renewal.</param>
/// <param name="LastRenewal">The last renewal the upstream received, or (downstream) the last the upstream answered.</param>
/// <param name="Role">"upstream" or "downstream": which grid this view is from.</param>
[GenerateSerializer, Immutable]
public sealed record AgentAgreement(
    string LicenseId,
    string Feature,
    string AgentId,
    string Product,
    AgentMode Mode,
    int Seats,
    int InUse,
    AgentStatus Status,
    int LeaseSeconds,
    DateTimeOffset? LastRenewal,
    string Role);
