using System.Globalization;
using Serilog.Events;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>One log entry as the dashboard's log page shows it.</summary>
/// <param name="Sequence">Increasing number of the entry in this process; the SSE event id, so a client resumes after it.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Level">The level's name (<c>Information</c>, <c>Warning</c>…).</param>
/// <param name="Category">The logger category, usually the writing type's full name.</param>
/// <param name="EventId">The event id, 0 when none.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception's text, or null.</param>
internal sealed record DashboardLogEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Level,
    string Category,
    int EventId,
    string Message,
    string? Exception)
{
    /// <summary>Longest message or exception text kept: a huge entry would be streamed to every open page.</summary>
    public const int MaxTextLength = 8 * 1024;

    /// <summary>Renders a Serilog event as the page shows it.</summary>
    public static DashboardLogEntry From(long sequence, LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return new DashboardLogEntry(
            sequence,
            logEvent.Timestamp,
            LevelOf(logEvent.Level).ToString(),
            Scalar(logEvent, "SourceContext") as string ?? "",
            EventIdOf(logEvent),
            Truncate(logEvent.RenderMessage(CultureInfo.InvariantCulture)),
            logEvent.Exception is null ? null : Truncate(logEvent.Exception.ToString()));
    }

    // The page shows the levels of Microsoft.Extensions.Logging, which the silo's code logs with.
    private static LogLevel LevelOf(LogEventLevel level) => level switch
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
    private static int EventIdOf(LogEvent logEvent)
        => logEvent.Properties.TryGetValue("EventId", out var value)
            && value is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : 0;

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "…");
}
