namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>Writes the entries of one category into the <see cref="DashboardLogBuffer"/>.</summary>
internal sealed class DashboardLogger(string category, DashboardLogBuffer buffer, TimeProvider clock) : ILogger
{
    /// <summary>Longest message or exception text kept: a huge entry would be streamed to every open page.</summary>
    public const int MaxTextLength = 8 * 1024;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    // The logger factory has applied the filter rules before calling here.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        buffer.Add(clock.GetUtcNow(), logLevel, category, eventId.Id, Truncate(formatter(state, exception)), exception is null ? null : Truncate(exception.ToString()));
    }

    private static string Truncate(string text) => text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength), "…");
}
