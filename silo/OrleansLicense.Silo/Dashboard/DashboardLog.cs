namespace OrleansLicense.Silo.Dashboard;

/// <summary>The dashboard's log events (source-generated; event ids 2100-2199).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "The dashboard is not built: {Folder} has no index.html, so /dashboard shows how to build it (dotnet build runs npm in silo/OrleansLicense.Silo/dashboard-ui)")]
    public static partial void LogWarningBundleMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Dashboard log stream opened from {Address} after entry {After}")]
    public static partial void LogDebugLogStreamOpened(ILogger logger, string address, long after);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Dashboard log stream to {Address} closed after entry {Last}")]
    public static partial void LogDebugLogStreamClosed(ILogger logger, string address, long last);
}
