using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// The Serilog sink behind the console's live log page: every entry the silo's log lets through (the same levels as
/// its console and files) goes into the <see cref="DashboardLogBuffer"/>.
/// </summary>
internal sealed class DashboardLogSink(DashboardLogBuffer buffer) : ILogEventSink
{
    /// <summary>Longest message or exception text kept: a huge entry would be streamed to every open page.</summary>
    public const int MaxTextLength = 8 * 1024;

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        buffer.Add(
            logEvent.Timestamp,
            Level(logEvent.Level),
            Scalar(logEvent, "SourceContext") as string ?? "",
            EventId(logEvent),
            Truncate(logEvent.RenderMessage(CultureInfo.InvariantCulture)),
            logEvent.Exception is null ? null : Truncate(logEvent.Exception.ToString()));
    }

    // The page shows the levels of Microsoft.Extensions.Logging, which the silo's code logs with.
    private static LogLevel Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    private static object? Scalar(LogEvent logEvent, string name)
        => logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    // Serilog.Extensions.Logging records an event id as a structure { Id, Name }.
    private static int EventId(LogEvent logEvent)
        => logEvent.Properties.TryGetValue("EventId", out var value)
            && value is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : 0;

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "…");
}
