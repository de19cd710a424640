namespace OrleansLicense.Silo.Backup;

/// <summary>Log lines of backup administration (each names the admin, issue #15 item 4) and of the link (R-SEC-2).</summary>
internal static partial class BackupLog
{
    /// <summary>The category of these lines.</summary>
    public const string Category = "OrleansLicense.Backup";

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Admin {Admin} created the backup relationship {RelationshipId}: this server is the {Role}, the partner is {Partner}")]
    public static partial void Created(ILogger logger, string admin, string relationshipId, string role, string partner);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "Admin {Admin} dissolved the backup relationship {RelationshipId}: {State}")]
    public static partial void Dissolved(ILogger logger, string admin, string relationshipId, string state);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Information, Message = "Admin {Admin} synced the backup relationship {RelationshipId} now: version {Version}, error {Error}")]
    public static partial void Synced(ILogger logger, string admin, string relationshipId, long version, string error);

    [LoggerMessage(EventId = 4405, Level = LogLevel.Information, Message = "Admin {Admin} {Action} the backup settings version {Version} of relationship {RelationshipId}")]
    public static partial void SettingsFile(ILogger logger, string admin, string action, long version, string relationshipId);

    [LoggerMessage(EventId = 4406, Level = LogLevel.Warning, Message = "Refused a backup link call to {Path} from {Address}: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string path, string address, string reason);

    [LoggerMessage(EventId = 4407, Level = LogLevel.Information, Message = "Admin {Admin} exported this server's license list for a backup relationship")]
    public static partial void ListExported(ILogger logger, string admin);
}
