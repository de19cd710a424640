using System.Diagnostics;

namespace OrleansLicense.Silo.Tests.Infrastructure;

/// <summary>Runs a program to its end within a time limit (killed with its children when it overruns) and collects what it printed.</summary>
public static class ChildProgram
{
    /// <summary>Starts <paramref name="start"/> with its output redirected; answers the exit code and stdout followed by stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
