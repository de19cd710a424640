namespace OrleansLicense.Silo.Security.Access;

/// <summary>Log events of the admin access rules (event ids 4310-4319).</summary>
internal static partial class AccessRulesLog
{
    [LoggerMessage(EventId = 4310, Level = LogLevel.Warning, Message = "The access rules cannot be read; deciding by this silo's copy of {ReadAt}")]
    public static partial void LogWarningRulesStale(ILogger logger, Exception exception, DateTimeOffset readAt);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "Admin call by {Admin} from {Address} to {Path} denied by access rule {RuleId} ({Rule})")]
    public static partial void LogWarningDenied(ILogger logger, string admin, string address, string path, int ruleId, string rule);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Access rules changed by {Admin}: {Rules}")]
    public static partial void LogInformationRulesChanged(ILogger logger, string admin, string rules);

    [LoggerMessage(EventId = 4313, Level = LogLevel.Information, Message = "Named admin {Name} {Change} by {Admin}")]
    public static partial void LogInformationAdminChanged(ILogger logger, string name, string change, string admin);
}
