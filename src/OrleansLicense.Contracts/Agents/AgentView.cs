namespace OrleansLicense.Contracts.Agents;

/// <summary>
/// One side's view of a second-level agent agreement (#18): the link's answers, the seed's getAgent, and the admin list
/// (<c>GET /api/v1/admin/agents</c>, which <c>olic agent list</c> and the console read).
/// </summary>
/// <param name="Role"><c>upstream</c> (this grid lends the seats) or <c>downstream</c> (this grid serves them).</param>
/// <param name="AgentId">The agent's name, as its link credential names it.</param>
/// <param name="LicenseId">The upstream license.</param>
/// <param name="Product">The product.</param>
/// <param name="Feature">The feature.</param>
/// <param name="Mode"><c>increase</c> or <c>share</c>.</param>
/// <param name="Seats">The seats of the agreement.</param>
/// <param name="InUse">The seats the agent's clients hold now.</param>
/// <param name="State">The link state in lower case: <c>active</c>, <c>stopped</c> (link gone too long, downstream), <c>expired</c> (upstream took the seats back) or <c>released</c>.</param>
/// <param name="LeaseSeconds">How long the upstream keeps the seats without a renewal.</param>
/// <param name="LastRenewal">When the link last renewed the lease, if ever.</param>
public sealed record AgentView(
    string Role,
    string AgentId,
    string LicenseId,
    string Product,
    string Feature,
    string Mode,
    int Seats,
    int InUse,
    string State,
    int LeaseSeconds,
    DateTimeOffset? LastRenewal);

/// <summary><c>POST /api/v1/admin/agents/credentials</c>: issue a link credential on the upstream.</summary>
/// <param name="AgentId">The agent's name (letters, digits, '-', '_', '.').</param>
public sealed record AgentCredentialRequest(string AgentId);

/// <summary>A new agent credential (shown once): put <see cref="Credential"/> in the agent's Agent:Credential.</summary>
/// <param name="AgentId">The agent's name.</param>
/// <param name="Credential">The credential, <c>agentId.secret</c>.</param>
public sealed record AgentCredentialResponse(string AgentId, string Credential);
