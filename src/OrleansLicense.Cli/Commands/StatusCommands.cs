using System.CommandLine;
using OrleansLicense.Cli.Output;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic status</c>: the seed's <c>-s</c>, with the mode on the first line (R-MAINT-2).</summary>
internal static class StatusCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var dead = new Option<bool>("--dead") { Description = "Also list the rows of stopped or dead silos (they expire after a day)." };
        var command = new Command("status", "Show the cluster: mode, topology, live silos, license and session counts.") { dead };
        CommandAction.Set(command, environment, globals, (context, ct) => StatusAsync(context, context.ParseResult.GetValue(dead), ct));
        return command;
    }

    private static async Task StatusAsync(CliContext context, bool dead, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.GetStatusAsync(dead, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        var status = response.Value;
        var output = context.Out;

        // The mode comes first and maintenance is shouted: it is why logins fail, and the first thing to check.
        output.WriteLine(string.Equals(status.Mode, "maintenance", StringComparison.OrdinalIgnoreCase)
            ? "Mode:      MAINTENANCE (new logins are refused; open sessions keep working)"
            : $"Mode:      {status.Mode}");
        output.WriteLine($"Cluster:   {status.ClusterId}");
        output.WriteLine($"Topology:  {status.Topology}");
        output.WriteLine($"Version:   {status.Version}");
        output.WriteLine($"Licenses:  {Display.Number(status.Licenses)}");
        output.WriteLine($"Sessions:  {(status.Sessions is { } sessions ? Display.Number(sessions) : "-")}");
        foreach (var reason in status.Degraded ?? [])
        {
            // A degraded grid still answers its status: what could not be read, and why.
            output.WriteLine($"Degraded:  {reason}");
        }

        output.WriteLine();

        var table = new TextTable("SILO", "ADDRESS", "STATUS", "ROLE", "LEADER", "ACTIVATIONS");
        foreach (var silo in status.Silos)
        {
            table.AddRow(silo.Name, silo.Address, silo.Status, Display.OrDash(silo.Role), Display.YesNo(silo.IsLeader), Display.Number(silo.Activations));
        }

        table.WriteTo(output);
        if (!dead && status.DeadSilos > 0)
        {
            // Issue #14 item 16: stopped and crashed silos leave rows until they expire; they are not the cluster.
            output.WriteLine($"({Display.Number(status.DeadSilos)} stopped or dead silo(s) not shown; 'olic status --dead' lists them.)");
        }
    }
}
