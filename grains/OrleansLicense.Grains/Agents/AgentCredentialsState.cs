namespace OrleansLicense.Grains.Agents;

/// <summary>The SHA-256 hashes (base64) of the agent credentials, by agent id.</summary>
public sealed class AgentCredentialsState
{
    public Dictionary<string, string> Hashes { get; set; } = new(StringComparer.Ordinal);
}
