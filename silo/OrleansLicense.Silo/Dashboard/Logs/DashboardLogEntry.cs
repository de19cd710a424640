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
    string? Exception);
