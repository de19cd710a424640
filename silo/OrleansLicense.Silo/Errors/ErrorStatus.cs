using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Triad;

namespace OrleansLicense.Silo.Errors;

/// <summary>The HTTP status and title of each stable error code (API.md's table).</summary>
internal static class ErrorStatus
{
    private static readonly Dictionary<string, (int Status, string Title)> Table = new(StringComparer.Ordinal)
    {
        [ErrorCodes.BadRequest] = (StatusCodes.Status400BadRequest, "Bad request"),
        [ErrorCodes.Unauthorized] = (StatusCodes.Status401Unauthorized, "Unauthorized"),
        [ErrorCodes.Forbidden] = (StatusCodes.Status403Forbidden, "Forbidden"),
        [ErrorCodes.LocalOnly] = (StatusCodes.Status403Forbidden, "Local clients only"),
        [ErrorCodes.HttpsRequired] = (StatusCodes.Status403Forbidden, "HTTPS required"),
        [ErrorCodes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [ErrorCodes.SessionExpired] = (StatusCodes.Status410Gone, "Session expired"),
        [ErrorCodes.SeatsExhausted] = (StatusCodes.Status409Conflict, "No free seats"),
        [ErrorCodes.LicenseSignatureInvalid] = (StatusCodes.Status422UnprocessableEntity, "License signature invalid"),
        [ErrorCodes.LicenseExpired] = (StatusCodes.Status422UnprocessableEntity, "License expired"),
        [ErrorCodes.LicenseBindingMismatch] = (StatusCodes.Status422UnprocessableEntity, "License bound elsewhere"),
        [ErrorCodes.BorrowNotAllowed] = (StatusCodes.Status422UnprocessableEntity, "Borrowing not allowed"),
        [ErrorCodes.BorrowLimit] = (StatusCodes.Status422UnprocessableEntity, "Borrow limit exceeded"),
        [ErrorCodes.NotReturnable] = (StatusCodes.Status422UnprocessableEntity, "Not returnable"),
        [ErrorCodes.BorrowFileInvalid] = (StatusCodes.Status422UnprocessableEntity, "Borrow file invalid"),
        [ErrorCodes.BorrowFileExpired] = (StatusCodes.Status422UnprocessableEntity, "Borrow file expired"),
        [ErrorCodes.BorrowReplayed] = (StatusCodes.Status409Conflict, "Borrow file used already"),
        [ErrorCodes.FingerprintMismatch] = (StatusCodes.Status422UnprocessableEntity, "Another machine's file"),
        [ErrorCodes.UsageUploadRequired] = (StatusCodes.Status403Forbidden, "Usage upload required"),
        [ErrorCodes.NotEnabled] = (StatusCodes.Status422UnprocessableEntity, "Not enabled for this license"),
        [ErrorCodes.LicenseDeactivated] = (StatusCodes.Status409Conflict, "License deactivated"),
        [ErrorCodes.Conflict] = (StatusCodes.Status409Conflict, "Conflict"),
        [ErrorCodes.Maintenance] = (StatusCodes.Status503ServiceUnavailable, "Maintenance mode"),
        [ErrorCodes.NoQuorum] = (StatusCodes.Status503ServiceUnavailable, "No quorum"),
        [ErrorCodes.PayloadTooLarge] = (StatusCodes.Status413PayloadTooLarge, "Payload too large"),
        [ErrorCodes.MethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        [ErrorCodes.UriTooLong] = (StatusCodes.Status414UriTooLong, "URI too long"),
        [ErrorCodes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        [ErrorCodes.TooManyRequests] = (StatusCodes.Status429TooManyRequests, "Too many requests"),
        [ErrorCodes.InternalError] = (StatusCodes.Status500InternalServerError, "Internal error"),
        [TriadErrorCodes.AlreadyInRelationship] = (StatusCodes.Status409Conflict, "Already in a relationship"),
        [TriadErrorCodes.NotInRelationship] = (StatusCodes.Status409Conflict, "Not a triad"),
        [TriadErrorCodes.EnterpriseRequired] = (StatusCodes.Status422UnprocessableEntity, "Enterprise license required"),
        [TriadErrorCodes.GridRequired] = (StatusCodes.Status409Conflict, "A grid is required"),
        [TriadErrorCodes.SiloUnknown] = (StatusCodes.Status422UnprocessableEntity, "Unknown silo"),
        [TriadErrorCodes.RolesInvalid] = (StatusCodes.Status400BadRequest, "Invalid roles"),
        [TriadErrorCodes.NodeAlive] = (StatusCodes.Status409Conflict, "Node still active"),
        [ErrorCodes.SettingsStale] = (StatusCodes.Status409Conflict, "Settings older than those applied"),
        [ErrorCodes.BackupMappingInvalid] = (StatusCodes.Status422UnprocessableEntity, "Backup mapping invalid"),
        [ErrorCodes.BackupFileInvalid] = (StatusCodes.Status422UnprocessableEntity, "Backup file invalid"),
        [ErrorCodes.PartnerUnreachable] = (StatusCodes.Status503ServiceUnavailable, "Backup partner unreachable"),
        [ErrorCodes.PartnerRefused] = (StatusCodes.Status502BadGateway, "Backup partner refused"),
        [TriadErrorCodes.MoveTargetUnreachable] = (StatusCodes.Status502BadGateway, "Move target unreachable"),
        [TriadErrorCodes.MoveIncomplete] = (StatusCodes.Status502BadGateway, "Licenses not moved"),
        [AgentErrorCodes.UpstreamUnreachable] = (StatusCodes.Status503ServiceUnavailable, "Upstream grid unreachable"),
        [AgentErrorCodes.NotConfigured] = (StatusCodes.Status409Conflict, "No upstream grid configured"),
        [AgentErrorCodes.NotAgentable] = (StatusCodes.Status422UnprocessableEntity, "License does not allow agents"),
        [AgentErrorCodes.ModeConflict] = (StatusCodes.Status409Conflict, "Agent in another mode"),
        [AgentErrorCodes.InUse] = (StatusCodes.Status409Conflict, "Agent seats in use"),
        [AgentErrorCodes.UnknownFeature] = (StatusCodes.Status404NotFound, "Unknown feature"),
        [AgentErrorCodes.LinkRefused] = (StatusCodes.Status502BadGateway, "Upstream refused the agent"),
    };

    /// <summary>True when the code is in the table.</summary>
    public static bool IsKnown(string code) => Table.ContainsKey(code);

    /// <summary>The status of a code; an unknown code is a server-side gap, so 500.</summary>
    public static int StatusOf(string code) => Table.TryGetValue(code, out var entry) ? entry.Status : StatusCodes.Status500InternalServerError;

    /// <summary>The short title of a code.</summary>
    public static string TitleOf(string code) => Table.TryGetValue(code, out var entry) ? entry.Title : "Error";

    /// <summary>The code an error status without one of its own is reported with (404 route, 405, 414, 415, …).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
        StatusCodes.Status414UriTooLong => ErrorCodes.UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCodes.TooManyRequests,
        >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.BadRequest,
    };
}
