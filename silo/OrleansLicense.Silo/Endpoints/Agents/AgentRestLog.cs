namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>Log events of the agent calls an administrator makes (event ids 3830-3839); each names the admin (#15 item 4).</summary>
internal static partial class AgentRestLog
{
    [LoggerMessage(EventId = 3830, Level = LogLevel.Information, Message = "Agent added by {Admin}: {Count} seat(s) of {Product} {LicenseId}/{Feature} in {Mode} mode")]
    public static partial void LogInformationAgentAdded(ILogger logger, int count, string product, string licenseId, string feature, string mode, string admin);

    [LoggerMessage(EventId = 3831, Level = LogLevel.Information, Message = "Agent released by {Admin}: {Count} seat(s) of {Product} {LicenseId}/{Feature} (force {Force})")]
    public static partial void LogInformationAgentReleased(ILogger logger, string count, string product, string licenseId, string feature, bool force, string admin);

    [LoggerMessage(EventId = 3832, Level = LogLevel.Information, Message = "Agent credential of {AgentId} issued by {Admin}")]
    public static partial void LogInformationCredentialIssued(ILogger logger, string agentId, string admin);

    [LoggerMessage(EventId = 3833, Level = LogLevel.Error, Message = "An agent call to {Path} failed (answered code 15)")]
    public static partial void LogErrorAgentCallFailed(ILogger logger, Exception exception, string path);
}
