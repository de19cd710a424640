using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>A refused signed file as problem details: its code is one of the API's (borrow_file_invalid, borrow_file_expired, …).</summary>
internal static class SignedFileProblems
{
    public static IResult Refused(SignedFileException refusal, string file, ILoggerFactory loggers)
    {
        BorrowingLog.LogDebugFileRefused(loggers.CreateLogger(BorrowingLog.Category), file, refusal.Code, refusal.Message);
        return ApiProblems.Result(refusal.Code, refusal.Message);
    }
}
