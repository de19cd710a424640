using Orleans.Runtime;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// What the silo does when Orleans meets a fatal error, above all when the cluster declared this silo dead (a silo
/// cut off from its peers, or one that paused for longer than the probes allow): it stops the host and the process
/// ends with <see cref="ExitCode"/>, so that a service manager starts it again as a new generation (the README's
/// systemd unit restarts on failure). Orleans' own handler would end the process with <c>Environment.FailFast</c>,
/// a crash dump instead of a restart with a clean log.
/// </summary>
internal sealed class StopOnFatalError(IHostApplicationLifetime lifetime, ILogger<StopOnFatalError> logger) : IFatalErrorHandler
{
    /// <summary>The process's exit code after a fatal error: the cluster declared the silo dead.</summary>
    public const int ExitCode = 3;

    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender, string? context, Exception? exception)
    {
        SiloLog.LogCriticalSiloStopping(logger, exception, sender?.GetType().Name ?? "Orleans", context ?? "(no context)");
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
    }
}
