using System.Threading.Channels;

namespace OrleansLicense.Silo.AccessLog;

/// <summary>
/// Writes access log entries into hourly files of this silo's logs folder, off the request path: a request only
/// queues its entry. Each batch is appended and the file closed again, so a file is closed once its hour is over
/// and only this silo ever writes in its folder.
/// </summary>
internal sealed partial class AccessLogWriter(AccessLogSwitch logSwitch, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private readonly Channel<AccessLogEntry> _queue = Channel.CreateUnbounded<AccessLogEntry>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues an entry.</summary>
    public void Add(AccessLogEntry entry) => _queue.Writer.TryWrite(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what is queued still.
            await DrainAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var batch = new List<AccessLogEntry>();
        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }

        foreach (var file in batch.GroupBy(e => e.FileName))
        {
            var path = Path.Combine(logSwitch.Folder, file.Key);
            try
            {
                await File.AppendAllLinesAsync(path, file.Select(e => e.Line), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogWriteFailed(logger, ex, path, file.Count());
            }
        }
    }

    [LoggerMessage(EventId = 4320, Level = LogLevel.Warning, Message = "Cannot write the access log {Path}; {Count} entries lost")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string path, int count);
}
