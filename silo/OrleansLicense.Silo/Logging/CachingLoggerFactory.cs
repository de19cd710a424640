using System.Collections.Concurrent;

namespace OrleansLicense.Silo.Logging;

/// <summary>
/// Hands out one logger per category, as Microsoft's own <see cref="LoggerFactory"/> does. Serilog's factory builds a
/// new logger (with its own event-id cache) on every call, and ASP.NET Core's results ask for one on every request
/// (<c>Created</c>, <c>NoContent</c>): 1.3 % of what a hot login+logout allocated (issue #12).
/// </summary>
/// <remarks>Categories are type and area names, a bounded set.</remarks>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName)
        => _loggers.GetOrAdd(categoryName, static (category, factory) => factory.CreateLogger(category), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
