using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// <c>GET /api/v1/admin/dashboard/logs</c>: the log buffer as server-sent events, first the
/// entries held, then each new one as it is written. Each event is <c>event: log</c> with the
/// id <c>{instance}-{sequence}</c> and the entry as JSON; <c>?after=ID</c> (or <c>Last-Event-ID</c>)
/// resumes after that entry, or starts from the oldest held when the id is of an earlier process. The page reads it with fetch() so the admin token travels in the
/// Authorization header like on every other call: a token in the query string would end up in
/// access logs and the browser's history.
/// </summary>
internal static class DashboardLogStream
{
    /// <summary>A comment line is sent after this long without entries, so proxies and the page know the stream is alive.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private const string LogCategory = "OrleansLicense.Silo.Dashboard";

    public static async Task StreamAsync(
        HttpContext context,
        DashboardLogBuffer buffer,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        ILoggerFactory loggers,
        string? after)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "(unknown)";
        var last = Position(buffer, after ?? context.Request.Headers["Last-Event-ID"].ToString());
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // The stream ends when the page goes away or the silo stops: a graceful shutdown must not
        // wait for open dashboards.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        DashboardLog.LogDebugLogStreamOpened(logger, address, last);
        try
        {
            // The retry hint is for EventSource clients; the dashboard reconnects on its own.
            await response.WriteAsync("retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var (entries, appended) = buffer.Read(last);
                if (entries.Count > 0)
                {
                    foreach (var entry in entries)
                    {
                        await response.WriteAsync(Event(buffer.Instance, entry), cancellationToken).ConfigureAwait(false);
                        last = entry.Sequence;
                    }

                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await appended.WaitAsync(KeepAliveInterval, clock, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page closed or the silo is stopping: the normal end of a stream.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The connection broke while writing.
        }

        DashboardLog.LogDebugLogStreamClosed(logger, address, last);
    }

    private static string Event(string instance, DashboardLogEntry entry)
        => string.Create(CultureInfo.InvariantCulture, $"id: {instance}-{entry.Sequence}\nevent: log\ndata: {JsonSerializer.Serialize(entry, DashboardJsonContext.Relaxed.DashboardLogEntry)}\n\n");

    /// <summary>The sequence to resume after: the one in the event id when it is of this buffer, else 0 (everything held).</summary>
    private static long Position(DashboardLogBuffer buffer, string? eventId)
    {
        var dash = eventId?.LastIndexOf('-') ?? -1;
        return dash > 0
            && eventId.AsSpan(0, dash).SequenceEqual(buffer.Instance)
            && long.TryParse(eventId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : 0;
    }
}
