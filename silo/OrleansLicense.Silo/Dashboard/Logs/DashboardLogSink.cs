using Serilog.Core;
using Serilog.Events;

namespace OrleansLicense.Silo.Dashboard.Logs;

/// <summary>
/// The Serilog sink behind the console's live log page: every entry the silo's log lets through (the same levels as
/// its console and files) goes into the <see cref="DashboardLogBuffer"/>.
/// </summary>
internal sealed class DashboardLogSink(DashboardLogBuffer buffer) : ILogEventSink
{
    public void Emit(LogEvent logEvent) => buffer.Add(logEvent);
}
