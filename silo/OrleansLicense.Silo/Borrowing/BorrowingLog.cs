namespace OrleansLicense.Silo.Borrowing;

/// <summary>The log events of borrowing, usage and peak exports in the host (event ids 4101-4199).</summary>
internal static partial class BorrowingLog
{
    /// <summary>The log category of borrow, usage and peak endpoints.</summary>
    public const string Category = "OrleansLicense.Silo.Borrowing";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Server signing key {KeyId} (borrow certificates, usage exports, peak logs)")]
    public static partial void LogInformationServerKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Offline borrow {BorrowId} of license {LicenseId} lent to machine {Fingerprint} until {Until}, by {Admin}")]
    public static partial void LogInformationOfflineBorrow(ILogger logger, string borrowId, string licenseId, string fingerprint, DateTimeOffset until, string admin);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Offline borrow {BorrowId} returned by machine {Fingerprint}, entered by {Admin}")]
    public static partial void LogInformationOfflineReturn(ILogger logger, string borrowId, string fingerprint, string admin);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Borrow {BorrowId} returned by {Admin}")]
    public static partial void LogInformationAdminReturn(ILogger logger, string borrowId, string admin);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Usage of license {LicenseId} exported for vendor key {VendorKeyId} ({Clients} clients) by {Admin}")]
    public static partial void LogInformationUsageExported(ILogger logger, string licenseId, string vendorKeyId, int clients, string admin);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Peaks of license {LicenseId} exported ({Days} days) by {Admin}")]
    public static partial void LogInformationPeaksExported(ILogger logger, string licenseId, int days, string admin);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Adopted the cluster's server signing key {KeyId}: it replaces this silo's key {LocalKeyId} in {Path}")]
    public static partial void LogInformationServerKeyAdopted(ILogger logger, string keyId, string localKeyId, string path);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug, Message = "{File} refused: {Code}: {Detail}")]
    public static partial void LogDebugFileRefused(ILogger logger, string file, string code, string detail);
}
