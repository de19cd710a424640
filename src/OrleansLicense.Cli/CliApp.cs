using System.CommandLine;
using OrleansLicense.Cli.Commands;

namespace OrleansLicense.Cli;

/// <summary>The whole of <c>olic</c> as a function of its arguments and surroundings, so tests run it in-process.</summary>
internal static class CliApp
{
    /// <summary>Runs <c>olic</c> with the system clock.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where <c>error: code: sentence</c> lines go.</param>
    /// <param name="env">Reads an environment variable (null when unset).</param>
    /// <param name="handler">The HTTP handler for admin calls; null uses real sockets.</param>
    /// <param name="ct">Cancels the running command (Ctrl+C).</param>
    /// <returns>The exit code: 0 success, 1 failure, 2 usage error, 130 interrupted.</returns>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> env,
        HttpMessageHandler? handler,
        CancellationToken ct) =>
        RunAsync(args, new CliEnvironment(stdout, stderr, env, handler, TimeProvider.System), ct);

    /// <summary>Runs <c>olic</c> with answers to its questions read from <paramref name="stdin"/>.</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> env,
        CancellationToken ct) =>
        RunAsync(args, new CliEnvironment(stdout, stderr, env, HttpHandler: null, TimeProvider.System) { In = stdin }, ct);

    /// <summary>Runs <c>olic</c> in the given environment.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken ct)
    {
        // No @response-file expansion: a token or license id starting with '@' must be taken literally.
        var parseResult = BuildRootCommand(environment).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine would print the errors and the help and exit 1; usage errors are exit 2 here,
            // in the same one-line shape as every other error.
            foreach (var error in parseResult.Errors)
            {
                CommandAction.WriteError(environment.Error, CliErrorCodes.Usage, OneLine(error.Message));
            }

            await environment.Error.WriteLineAsync("Run 'olic --help' (or 'olic COMMAND --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,

            // The caller owns Ctrl+C (Program.cs); a handler registered here would be process-wide, which tests must avoid.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation, ct).ConfigureAwait(false);
    }

    /// <summary>Some parser messages list choices on indented lines; errors are one line each so scripts can grep them.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The command tree; built per run because actions close over the run's environment.</summary>
    internal static RootCommand BuildRootCommand(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("olic: the OrleansLicense command line. Admin commands talk to a silo; 'vendor' commands work offline.");
        globals.AddTo(root);
        root.Subcommands.Add(StatusCommands.Create(environment, globals));
        root.Subcommands.Add(ModeCommands.Create(environment, globals));
        root.Subcommands.Add(LicenseCommands.Create(environment, globals));
        root.Subcommands.Add(KeyCommands.Create(environment, globals));
        root.Subcommands.Add(SessionCommands.Create(environment, globals));
        root.Subcommands.Add(SettingsCommands.Create(environment, globals));
        root.Subcommands.Add(AccessCommands.Create(environment, globals));
        root.Subcommands.Add(VendorCommands.Create(environment, globals));
        root.Subcommands.Add(BorrowCommands.Create(environment, globals));
        root.Subcommands.Add(UsageCommands.Create(environment, globals));
        root.Subcommands.Add(PeakCommands.Create(environment, globals));
        root.Subcommands.Add(DbCommands.Create(environment, globals));
        root.Subcommands.Add(GridCommands.Create(environment, globals));
        root.Subcommands.Add(AgentCommands.Create(environment, globals));
        root.Subcommands.Add(TriadCommands.Create(environment, globals));
        root.Subcommands.Add(BackupCommands.Create(environment, globals));
        VendorVerifyCommands.AddTo(root, environment, globals);
        return root;
    }
}
