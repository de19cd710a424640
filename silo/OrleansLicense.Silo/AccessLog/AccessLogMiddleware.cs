using System.Diagnostics;
using OrleansLicense.Silo.Security.Access;

namespace OrleansLicense.Silo.AccessLog;

/// <summary>
/// Records every request while the access log is on (R-OPS-1): time, client address, method, path, status, duration,
/// the session or admin identity, and the error code of a refusal. Outermost in the pipeline, so it sees every answer.
/// </summary>
internal sealed class AccessLogMiddleware(RequestDelegate next, AccessLogSwitch logSwitch, AccessLogWriter writer, TimeProvider time)
{
    private const string SessionsPath = "/api/v1/sessions";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!logSwitch.IsOn)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var body = context.Response.Body;
        await using var capture = new ProblemCodeCapture(body, context.Response);
        context.Response.Body = capture;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
            writer.Add(new AccessLogEntry(
                at,
                ClientAddress.Of(context)?.ToString() ?? "-",
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started),
                Identity(context),
                capture.Code ?? "-"));
        }
    }

    private static string Identity(HttpContext context)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { } admin })
        {
            return "admin:" + admin;
        }

        if (!context.Request.Path.StartsWithSegments(SessionsPath, StringComparison.Ordinal))
        {
            return "-";
        }

        // A session's calls name it in the route; a login names the new one in its Location.
        if (context.Request.RouteValues.TryGetValue("id", out var id) && id is string session)
        {
            return "session:" + session;
        }

        var location = context.Response.Headers.Location.ToString();
        return location.StartsWith(SessionsPath + "/", StringComparison.Ordinal) ? "session:" + location[(SessionsPath.Length + 1)..] : "-";
    }
}
