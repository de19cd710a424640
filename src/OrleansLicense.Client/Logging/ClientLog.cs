using Microsoft.Extensions.Logging;

namespace OrleansLicense.Client.Logging;

/// <summary>The client's log messages (source-generated; event ids 4001-4099).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void LogWarningAddressesIgnored(ILogger logger, string warning);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Server addresses from {Source}: {Servers}")]
    public static partial void LogDebugServers(ILogger logger, string source, string servers);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Logged in to {Server}: session {SessionId}, license {LicenseId}, heartbeat every {Interval}")]
    public static partial void LogInformationLoggedIn(ILogger logger, Uri server, string sessionId, string licenseId, TimeSpan interval);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Logged out of session {SessionId}")]
    public static partial void LogInformationLoggedOut(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Server {Server} failed: {Reason}")]
    public static partial void LogWarningServerFailed(ILogger logger, Uri server, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "No server answered; round {Attempt} is retried in {Delay}")]
    public static partial void LogWarningRetrying(ILogger logger, Exception? exception, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Session {SessionId} moved from {OldServer} to {NewServer} ({Reason})")]
    public static partial void LogWarningServerChanged(ILogger logger, string sessionId, Uri? oldServer, Uri newServer, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Session {SessionId} was kicked by {Server}: {Code} {Detail}")]
    public static partial void LogWarningKicked(ILogger logger, string sessionId, Uri? server, string code, string? detail);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Error, Message = "Session {SessionId} lost: no server answered before its timeout at {Deadline}")]
    public static partial void LogErrorConnectionLost(ILogger logger, Exception exception, string sessionId, DateTimeOffset deadline);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Heartbeat of session {SessionId} answered; next in {Interval}")]
    public static partial void LogDebugHeartbeat(ILogger logger, string sessionId, TimeSpan interval);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Heartbeat of session {SessionId} refused: {Code}")]
    public static partial void LogWarningHeartbeatRefused(ILogger logger, Exception exception, string sessionId, string code);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "A handler of the {EventName} event threw")]
    public static partial void LogErrorEventHandlerFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "The heartbeat loop of session {SessionId} stopped unexpectedly")]
    public static partial void LogErrorHeartbeatLoopFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Logout of session {SessionId} did not reach a server; the server will time it out")]
    public static partial void LogWarningLogoutFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Debug, Message = "Ignored gateway address {Address} announced by the cluster")]
    public static partial void LogDebugGatewayIgnored(ILogger logger, string address);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Login: no server of the {Grid} answered ({Code}); trying the {OtherGrid}")]
    public static partial void LogWarningBackupLoginElsewhere(ILogger logger, string grid, string otherGrid, string code);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Warning, Message = "Session {SessionId} could not move to the {Grid} (license {LicenseId}): {Code} {Detail}")]
    public static partial void LogWarningBackupMoveFailed(ILogger logger, string sessionId, string grid, string? licenseId, string code, string? detail);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "Session {OldSessionId} moved to the other grid of the backup relationship: session {NewSessionId} on {Server}, license {LicenseId} ({Reason})")]
    public static partial void LogWarningBackupMoved(ILogger logger, string oldSessionId, string newSessionId, Uri server, string licenseId, string reason);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "Session {SessionId} stays on the backup relationship's other grid: its own grid refused ({Code}); next try in {Interval}")]
    public static partial void LogInformationBackupFailbackLater(ILogger logger, string sessionId, string code, TimeSpan interval);
}
