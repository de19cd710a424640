using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>Source-generated log messages of the SQLite storage.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SQLite storage {DataSource}: schema version {Version} created")]
    public static partial void LogInformationSchemaCreated(ILogger logger, string dataSource, long version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "{Reason}")]
    public static partial void LogCriticalSchemaRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "SQLite storage {DataSource} runs in journal mode '{JournalMode}' instead of WAL; readers will block the writer (is the file on a network share?)")]
    public static partial void LogWarningNotWal(ILogger logger, string dataSource, string journalMode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "SQLite storage {DataSource} opened (schema version {Version}, synchronous {Synchronous})")]
    public static partial void LogInformationOpened(ILogger logger, string dataSource, long version, SqliteSynchronous synchronous);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "SQLite file {Path} was readable by others (mode {Mode}); narrowed to owner read and write")]
    public static partial void LogWarningFileModeNarrowed(ILogger logger, string path, UnixFileMode mode);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "SQLite commit of {Count} writes failed; every write in it failed and nothing of it is stored")]
    public static partial void LogErrorCommitFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Version conflict on {What}: expected {Expected}, stored {Stored}")]
    public static partial void LogDebugConflict(ILogger logger, string what, string expected, string stored);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "SQLite storage {DataSource}: schema version {FromVersion} upgraded to {ToVersion}")]
    public static partial void LogInformationSchemaMigrated(ILogger logger, string dataSource, long fromVersion, long toVersion);
}
