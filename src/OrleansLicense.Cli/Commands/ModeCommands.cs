using System.CommandLine;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic mode maintenance|normal</c>: the seed's <c>-runMode</c> (R-MAINT-1, R-MAINT-2).</summary>
internal static class ModeCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var mode = new Argument<string>("mode") { Description = "maintenance: refuse new logins; normal: accept them." };
        mode.AcceptOnlyFromAmong("maintenance", "normal");
        var command = new Command("mode", "Switch the cluster into or out of maintenance mode (it survives restarts).") { mode };
        CommandAction.Set(command, environment, globals, (context, ct) => SetModeAsync(context, context.ParseResult.GetRequiredValue(mode), ct));
        return command;
    }

    private static async Task SetModeAsync(CliContext context, string mode, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SetModeAsync(mode, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine(response.Value.Maintenance
            ? "Mode: MAINTENANCE. New logins are refused; open sessions keep working."
            : "Mode: normal. Logins are accepted.");
    }
}
