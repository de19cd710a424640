using Microsoft.AspNetCore.Diagnostics;

namespace OrleansLicense.Silo.Errors;

/// <summary>Gives error statuses produced without a body (unknown route 404, 405, 415, …) a problem details body.</summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var code = ErrorStatus.CodeForStatus(status);
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"There is no endpoint at {http.Request.Method} {http.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
            _ => $"The server answered {status}.",
        };
        return ApiProblems.WriteAsync(http, code, detail, status);
    }
}
