using System.CommandLine;

namespace OrleansLicense.Cli;

/// <summary>
/// Binds a command body to a System.CommandLine command and maps every failure to one
/// <c>error: code: sentence</c> line and an exit code, so no stack trace ever reaches the user.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, CliEnvironment environment, GlobalOptions globals, Func<CliContext, CancellationToken, Task> body)
    {
        command.SetAction(async (parseResult, ct) =>
        {
            var context = new CliContext(environment, globals, parseResult);
            try
            {
                await body(context, ct).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (CliException ex)
            {
                WriteError(environment.Error, ex.Code, ex.Message);
                return ex.ExitCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                WriteError(environment.Error, "cancelled", "interrupted.");
                return ExitCodes.Cancelled;
            }
#pragma warning disable CA1031 // The last resort: users see a sentence, never a stack trace (STYLE.md).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                WriteError(environment.Error, "internal_error", $"{ex.GetType().Name}: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
    }

    public static void WriteError(TextWriter error, string code, string message) =>
        error.WriteLine($"error: {code}: {message}");
}
