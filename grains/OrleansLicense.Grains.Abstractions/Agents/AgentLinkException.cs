namespace OrleansLicense.Grains.Agents;

/// <summary>
/// The upstream refused a link call (<see cref="Code"/> is the upstream's error code) or could not be reached
/// (<see cref="AgentErrorCodes.UpstreamUnreachable"/>).
/// </summary>
[GenerateSerializer]
public sealed class AgentLinkException(string code, string message) : Exception(message)
{
    /// <summary>The error code.</summary>
    [Id(0)]
    public string Code { get; } = code;
}
