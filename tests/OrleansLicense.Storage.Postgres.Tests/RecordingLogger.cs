using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansLicense.Storage.Postgres.Tests;

/// <summary>Keeps every log entry, to check what a component reported.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    /// <summary>The entries, in order: event id and message.</summary>
    public ConcurrentQueue<(EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, formatter(state, exception)));
}
