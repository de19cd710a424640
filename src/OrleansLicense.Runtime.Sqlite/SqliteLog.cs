using Microsoft.Extensions.Logging;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Source-generated log messages of the SQLite providers.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SQLite schema of {DataSource} migrated from version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string dataSource, long fromVersion, long toVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "SQLite schema of {DataSource} is at version {StoredVersion}, newer than this build's {KnownVersion}; continuing on the tables this build knows")]
    public static partial void SchemaNewer(ILogger logger, string dataSource, long storedVersion, long knownVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "SQLite database {DataSource} runs in journal mode '{JournalMode}' instead of WAL; readers will block the writer (is the file on a network share?)")]
    public static partial void NotWal(ILogger logger, string dataSource, string journalMode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "SQLite writer connection to {DataSource} opened (synchronous {Synchronous})")]
    public static partial void WriterOpened(ILogger logger, string dataSource, SqliteSynchronous synchronous);
}
