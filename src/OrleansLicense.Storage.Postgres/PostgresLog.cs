using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Postgres;

/// <summary>Source-generated log messages of the PostgreSQL grid storage.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "PostgreSQL schema applied in {ElapsedMs} ms: version {FromVersion} -> {ToVersion}")]
    public static partial void LogInformationSchemaApplied(ILogger logger, long elapsedMs, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "PostgreSQL schema is current at version {Version}")]
    public static partial void LogDebugSchemaCurrent(ILogger logger, int version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "PostgreSQL schema is at version {StoredVersion}, newer than this build's {KnownVersion}; continuing on it")]
    public static partial void LogWarningSchemaNewer(ILogger logger, int storedVersion, int knownVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Problem}")]
    public static partial void LogErrorQueriesMissing(ILogger logger, string problem);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Append to event log {LogName} of grain {GrainId} refused: expected length {Expected}, stored {Stored}")]
    public static partial void LogDebugAppendConflict(ILogger logger, string logName, string grainId, long expected, long stored);
}
