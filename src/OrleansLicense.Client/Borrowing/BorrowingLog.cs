using Microsoft.Extensions.Logging;

namespace OrleansLicense.Client.Borrowing;

/// <summary>The client's log messages of borrowing and usage uploads (source-generated; event ids 4201-4299).</summary>
internal static partial class BorrowingLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Borrowed from {Server}: borrow {BorrowId} of license {LicenseId} until {Until}")]
    public static partial void LogInformationBorrowed(ILogger logger, Uri server, string borrowId, string licenseId, DateTimeOffset until);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Borrow {BorrowId} returned")]
    public static partial void LogInformationBorrowReturned(ILogger logger, string borrowId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "The server asks for the usage record of {Product}: {Detail}")]
    public static partial void LogInformationUsageRequested(ILogger logger, string product, string detail);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Usage of {Product} uploaded to {Licenses} license(s); next upload due {NextUploadBefore}")]
    public static partial void LogInformationUsageUploaded(ILogger logger, string product, int licenses, DateTimeOffset? nextUploadBefore);
}
