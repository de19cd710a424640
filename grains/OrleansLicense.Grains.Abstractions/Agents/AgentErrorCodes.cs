namespace OrleansLicense.Grains.Agents;

/// <summary>Error codes of agents beyond the HTTP API's common ones.</summary>
public static class AgentErrorCodes
{
    /// <summary>The upstream grid cannot be reached (or answered with a server error).</summary>
    public const string UpstreamUnreachable = "agent_upstream_unreachable";

    /// <summary>This silo has no upstream configured (Agent:Upstream and Agent:Credential).</summary>
    public const string NotConfigured = "agent_not_configured";

    /// <summary>The license does not allow agents (no agentable flag).</summary>
    public const string NotAgentable = "agent_not_allowed";

    /// <summary>The feature is served by an agent already in the other mode.</summary>
    public const string ModeConflict = "agent_mode_conflict";

    /// <summary>The release would take seats local clients hold; force kicks them.</summary>
    public const string InUse = "agent_in_use";

    /// <summary>The upstream product has no such feature.</summary>
    public const string UnknownFeature = "agent_unknown_feature";

    /// <summary>The link's credential was refused by the upstream.</summary>
    public const string LinkRefused = "agent_link_refused";
}
