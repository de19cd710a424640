using Microsoft.Extensions.Logging;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Source-generated log messages of the PostgreSQL providers.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "PostgreSQL schema {Schema} migrated from version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string schema, long fromVersion, long toVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "PostgreSQL schema {Schema} is at version {StoredVersion}, newer than this build's {KnownVersion}; continuing on the tables this build knows")]
    public static partial void SchemaNewer(ILogger logger, string schema, long storedVersion, long knownVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "PostgreSQL schema {Schema} is current at version {Version}")]
    public static partial void SchemaCurrent(ILogger logger, string schema, long version);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "PostgreSQL storage data source created for hosts {Hosts}, database {Database}, schema {Schema}, cluster {ClusterId}")]
    public static partial void DataSourceCreated(ILogger logger, string? hosts, string? database, string schema, string clusterId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Write of state {StateName} of grain {GrainId} lost its compare-and-swap: expected version {Expected}, stored {Stored}")]
    public static partial void StateConflict(ILogger logger, string stateName, string grainId, long expected, long? stored);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Append to event log {LogName} of grain {GrainId} lost: expected length {Expected}, stored {Stored}")]
    public static partial void AppendConflict(ILogger logger, string logName, string grainId, long expected, long stored);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Membership {Operation} of silo {Silo} refused at expected version {Expected}")]
    public static partial void MembershipRefused(ILogger logger, string operation, string silo, long expected);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Directory registration of grain {GrainId} by activation {ActivationId} lost to activation {WinnerActivationId} on {WinnerSilo}")]
    public static partial void RegistrationLost(ILogger logger, string grainId, string activationId, string winnerActivationId, string winnerSilo);
}
