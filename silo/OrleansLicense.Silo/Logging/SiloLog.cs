namespace OrleansLicense.Silo.Logging;

/// <summary>The silo host's log events (source-generated; event ids 2000-2099).</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "OrleansLicense silo serving at {Url} (listening on {Listening}); dashboard {DashboardUrl} (Orleans Dashboard {OrleansDashboardUrl}); Orleans silo port {SiloPort}, gateway port {GatewayPort}; admin token in {AdminTokenPath}; trusted vendor keys in {KeysFolder}")]
    public static partial void LogInformationSiloStarted(ILogger logger, string url, string listening, string dashboardUrl, string orleansDashboardUrl, int siloPort, int gatewayPort, string adminTokenPath, string keysFolder);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Data folder {DataFolder}; server id {ServerId}; cluster {ClusterId}")]
    public static partial void LogInformationDataFolder(ILogger logger, string dataFolder, string serverId, string clusterId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Call with a wrong admin token or link credential from {Address} to {Path}")]
    public static partial void LogWarningAdminTokenRejected(ILogger logger, string address, string path);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path}")]
    public static partial void LogErrorUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "{Method} {Path}: the store cannot be reached")]
    public static partial void LogWarningStoreUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Method} {Path}: a grain did not answer in time")]
    public static partial void LogWarningGrainTimeout(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "{Method} {Path} refused: {Code}: {Detail}")]
    public static partial void LogDebugRefused(ILogger logger, string method, string path, string code, string detail);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{Method} {Path} refused with the unknown error code {Code} (answered 500): {Detail}")]
    public static partial void LogWarningUnknownCode(ILogger logger, string method, string path, string code, string detail);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "License {LicenseId} of product {Product} imported by {Admin}")]
    public static partial void LogInformationLicenseImported(ILogger logger, string licenseId, string product, string admin);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "License {LicenseId} deactivated by {Admin}")]
    public static partial void LogInformationLicenseDeactivated(ILogger logger, string licenseId, string admin);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Session {SessionId} removed by {Admin}")]
    public static partial void LogInformationSessionRemoved(ILogger logger, string sessionId, string admin);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Maintenance mode {Mode}, set by {Admin}")]
    public static partial void LogInformationMaintenance(ILogger logger, string mode, string admin);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Settings changed by {Admin}: client timeout {ClientTimeoutSeconds} s, {BorrowRules} borrow rule(s)")]
    public static partial void LogInformationSettingsChanged(ILogger logger, string admin, int clientTimeoutSeconds, int borrowRules);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Cannot write the endpoint file {Path}; olic will need --server")]
    public static partial void LogWarningEndpointFile(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Adopted the cluster's admin token: it replaces this silo's token in {Path}")]
    public static partial void LogInformationAdminTokenAdopted(ILogger logger, string path);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Health check failed")]
    public static partial void LogWarningHealthCheck(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Critical, Message = "Orleans reported a fatal error from {Sender} ({Context}); the silo stops with exit code 3 so that its service manager starts it again")]
    public static partial void LogCriticalSiloStopping(ILogger logger, Exception? exception, string sender, string context);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "The grid's call secret is derived from the PostgreSQL connection string, which has no password: set Cluster:CallSecret (the same on every silo) or give the database user a password")]
    public static partial void LogWarningWeakCallSecret(ILogger logger);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Vendor key {KeyId} trusted on every silo of the grid, by {Admin}")]
    public static partial void LogInformationTrustedKeyAdded(ILogger logger, string keyId, string admin);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Information, Message = "Vendor key {KeyId} no longer trusted by the grid, removed by {Admin}")]
    public static partial void LogInformationTrustedKeyRemoved(ILogger logger, string keyId, string admin);
}
