using System.Collections.Concurrent;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// The logger provider behind the dashboard's log page: every entry the filter rules let through
/// (<see cref="DashboardServiceCollectionExtensions"/>) goes into the <see cref="DashboardLogBuffer"/>.
/// Its alias lets an operator set levels of more categories under <c>Logging:Dashboard:LogLevel</c>.
/// </summary>
[ProviderAlias("Dashboard")]
internal sealed class DashboardLoggerProvider(DashboardLogBuffer buffer, TimeProvider clock) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, DashboardLogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName)
        => _loggers.GetOrAdd(categoryName, static (name, self) => new DashboardLogger(name, self.Buffer, self.Clock), (Buffer: buffer, Clock: clock));

    public void Dispose() => _loggers.Clear();
}
