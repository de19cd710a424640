using System.Text.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Errors;

/// <summary>
/// Turns every exception into problem details: a grain's refusal (<see cref="LicensingException"/>)
/// into its code's status, unreadable requests into 400/413, what Orleans reports when a grain did not
/// answer (a deadline, a silo that died or cannot be reached) and storage failures into 503 with
/// <c>Retry-After: 1</c>, anything else into 500 <c>internal_error</c> without a stack trace (the log has it).
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var (code, detail, status) = Describe(context, ex);
            context.Response.Clear();
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await ApiProblems.WriteAsync(context, code, detail, status).ConfigureAwait(false);
        }
    }

    private (string Code, string Detail, int? Status) Describe(HttpContext context, Exception exception)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "";
        switch (exception)
        {
            case LicensingException refusal:
                if (!ErrorStatus.IsKnown(refusal.Code))
                {
                    SiloLog.LogWarningUnknownCode(logger, method, path, refusal.Code, refusal.Message);
                }
                else
                {
                    SiloLog.LogDebugRefused(logger, method, path, refusal.Code, refusal.Message);
                }

                return (refusal.Code, refusal.Message, null);

            case LicenseValidationException invalid:
                SiloLog.LogDebugRefused(logger, method, path, invalid.Code, invalid.Message);
                return (invalid.Code, invalid.Message, null);

            case BadHttpRequestException bad:
                return DescribeBadRequest(bad);

            case TimeoutException or OrleansMessageRejectionException or GatewayTooBusyException or ConnectionFailedException:
                // A grain call's deadline passed, or its silo died or cannot be reached: the client may retry (here or at another silo).
                SiloLog.LogWarningGrainTimeout(logger, exception, method, path);
                return (ErrorCodes.InternalError, "The server did not answer in time; try again.", StatusCodes.Status503ServiceUnavailable);

            case InconsistentStateException:
                // Another activation wrote the state meanwhile (a silo that was declared dead still ran): this one was deactivated.
                SiloLog.LogWarningGrainTimeout(logger, exception, method, path);
                return (ErrorCodes.InternalError, "The server was busy with this request's data elsewhere; try again.", StatusCodes.Status503ServiceUnavailable);

            case var storage when IsStoreFailure(storage):
                // The database is down or unreachable (R-CL-1): a client should retry, here or at another silo.
                SiloLog.LogWarningStoreUnavailable(logger, storage, method, path);
                return (ErrorCodes.InternalError, "The license store cannot be reached right now; try again.", StatusCodes.Status503ServiceUnavailable);

            default:
                SiloLog.LogErrorUnhandled(logger, exception, method, path);
                return (ErrorCodes.InternalError, "An unexpected error occurred; the server's log has the details.", null);
        }
    }

    // A storage provider's error, thrown here or on another silo, as it is or wrapped in an OrleansException
    // (a state read during activation). From another silo it arrives by type name when this silo cannot rebuild it,
    // or, when the other silo could not even write it (an NpgsqlException has no Orleans codec), as the
    // CodecNotFoundException that silo answered with, naming the type.
    private static bool IsStoreFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException
                || (e is UnavailableExceptionFallbackException fallback && NamesStoreType(fallback.ExceptionType))
                || (e is CodecNotFoundException && NamesStoreType(e.Message)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesStoreType(string? text)
        => text is not null
            && (text.Contains("Npgsql.", StringComparison.Ordinal)
                || text.Contains("Microsoft.Data.Sqlite.", StringComparison.Ordinal)
                || text.Contains("System.Data.Common.DbException", StringComparison.Ordinal));

    private static (string Code, string Detail, int? Status) DescribeBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (ErrorCodes.PayloadTooLarge, "The request body is larger than the server accepts.", StatusCodes.Status413PayloadTooLarge);
        }

        if (bad.InnerException is JsonException json)
        {
            // The path names the field (e.g. $.features[0].count) without exposing .NET type names.
            var where = json.Path is { Length: > 0 } p ? $" at {p}" : "";
            var line = json.LineNumber is { } l ? $" (line {l + 1}, byte {json.BytePositionInLine + 1})" : "";
            return (ErrorCodes.BadRequest, $"The request body is not valid JSON for this call{where}{line}.", StatusCodes.Status400BadRequest);
        }

        // Minimal APIs phrase these for the client already ("Required parameter ... was not provided from body.");
        // a 415 (a body that is not JSON) keeps its status and gets its own code (#14 item 6).
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        return (ErrorStatus.CodeForStatus(status), bad.Message, status);
    }
}
