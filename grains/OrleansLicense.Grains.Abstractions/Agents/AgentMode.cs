namespace OrleansLicense.Grains.Agents;

/// <summary>How a second-level agent holds an upstream feature's seats (R-AGT-1).</summary>
[GenerateSerializer]
public enum AgentMode
{
    /// <summary>The seats move to the second level for as long as the agent holds them.</summary>
    Increase = 1,

    /// <summary>Each second-level grant takes an upstream seat at the moment of the grant.</summary>
    Share = 2,
}
