using System.Diagnostics;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Metrics;
using OrleansLicense.Silo.Security.Access;

namespace OrleansLicense.Silo.AccessLog;

/// <summary>
/// Observes every request: counts logins and refusals for the metrics (R-OPS-2) and, while the access log is on, records
/// time, client address, method, path, status, duration, the session or admin identity, and the error code of a
/// refusal (R-OPS-1). Outermost in the pipeline, so it sees every answer.
/// </summary>
internal sealed class AccessLogMiddleware(RequestDelegate next, AccessLogSwitch logSwitch, AccessLogWriter writer, LicenseMetrics metrics, TimeProvider time)
{
    private const string SessionsPath = "/api/v1/sessions";

    public async Task InvokeAsync(HttpContext context)
    {
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // The refusal's code is noted where the problem is written: nothing wraps the response body.
            var code = WrittenProblem.CodeOf(context);

            // The metrics count logins and refusals by code (R-OPS-2) from the same observation.
            var isLogin = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(SessionsPath, StringComparison.Ordinal);
            var duration = Stopwatch.GetElapsedTime(started);
            metrics.Record(isLogin, context.Response.StatusCode, code, duration);
            if (logSwitch.IsOn)
            {
                writer.Add(new AccessLogEntry(
                    at,
                    ClientAddress.Of(context)?.ToString() ?? "-",
                    context.Request.Method,
                    WithoutCredential(context.Request.Path.Value ?? "/"),
                    context.Response.StatusCode,
                    duration,
                    Identity(context),
                    code ?? "-"));
            }
        }
    }
    /// <summary>
    /// The path as logged: the seed's agent calls carry the admin token as their second segment
    /// (<c>/rest/&lt;pwd&gt;/product/…</c>, issue #18), which no log may keep.
    /// </summary>
    internal static string WithoutCredential(string path)
    {
        const string Rest = "/rest/";
        if (!path.StartsWith(Rest, StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var end = path.IndexOf('/', Rest.Length);
        return Rest + "***" + (end < 0 ? "" : path[end..]);
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
