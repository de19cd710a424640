using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Silo.Logging;

/// <summary>
/// One line per login and per refused login at the gateway (issue #14 item 15), with who, from where, what and the
/// session id; a refusal carries its API error code. Event ids 2030-2039. The base of the access log (R-OPS-1).
/// </summary>
internal static partial class SessionLog
{
    /// <summary>A login that took its seats.</summary>
    public static void LoggedIn(ILogger logger, LoginRequest request, string sessionId, string licenseId, string? address)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogInformationLoggedIn(logger, sessionId, User(request), Host(request), request.Product, Features(request.Features), licenseId, address ?? "(unknown)");
        }
    }

    /// <summary>A login refused by the licensing rules (maintenance, seats_exhausted, not_found, …).</summary>
    public static void Refused(ILogger logger, LoginRequest request, string sessionId, string code, string detail, string? address)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogInformationLoginRefused(logger, code, sessionId, User(request), Host(request), request.Product, Features(request.Features), address ?? "(unknown)", detail);
        }
    }

    /// <summary>Features as <c>draw x1, plot x2</c>.</summary>
    public static string Features(IEnumerable<FeatureRequest> features) => string.Join(", ", features.Select(f => $"{f.Name} x{f.Count}"));

    private static string User(LoginRequest request) => request.Client?.User ?? "(none)";

    private static string Host(LoginRequest request) => request.Client?.Host ?? "(none)";

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information,
        Message = "Login: session {SessionId}, user {User}, host {Host}, product {Product}, features {Features}, license {LicenseId}, from {Address}")]
    private static partial void LogInformationLoggedIn(ILogger logger, string sessionId, string user, string host, string product, string features, string licenseId, string address);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information,
        Message = "Login refused ({Code}): session {SessionId}, user {User}, host {Host}, product {Product}, features {Features}, from {Address}: {Detail}")]
    private static partial void LogInformationLoginRefused(ILogger logger, string code, string sessionId, string user, string host, string product, string features, string address, string detail);
}
