using System.CommandLine;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic usage show|export</c> (R-USE-1, R-USE-2).</summary>
internal static class UsageCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var usage = new Command("usage", "Show a license's usage statistics, or export them signed and encrypted for the vendor.");

        var showId = new Argument<string>("license") { Description = "The license id (SN)." };
        var show = new Command("show", "Show each client's usage uploads and when forced authentication wants the next.") { showId };
        CommandAction.Set(show, environment, globals, (context, ct) => ShowAsync(context, context.ParseResult.GetRequiredValue(showId), ct));

        var exportId = new Argument<string>("license") { Description = "The license id (SN)." };
        var outFile = new Option<string>("--out") { Description = "The export file to write (for 'olic vendor verify-usage').", HelpName = "FILE", Required = true };
        var export = new Command("export", "Export the usage record, encrypted to the vendor's key and signed by the server.") { exportId, outFile };
        CommandAction.Set(export, environment, globals, (context, ct) =>
            ExportAsync(context, context.ParseResult.GetRequiredValue(exportId), context.ParseResult.GetRequiredValue(outFile), ct));

        usage.Subcommands.Add(show);
        usage.Subcommands.Add(export);
        return usage;
    }

    private static async Task ShowAsync(CliContext context, string licenseId, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "usage/" + Uri.EscapeDataString(licenseId), null, ContractsJsonContext.Default.UsageView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        var usage = response.Value;
        var forced = usage.ForcedAuthenticationHours is { } hours ? $"every {Display.Number(hours)} h" : "no";
        context.Out.WriteLine($"License {usage.LicenseId} ({usage.Product}): usage statistics {(usage.UsageStatistics ? "on" : "off")}; forced authentication {forced}.");
        if (usage.Clients.Count == 0)
        {
            context.Out.WriteLine("No clients yet.");
            return;
        }

        context.Out.WriteLine();
        var table = new TextTable("CLIENT", "USER", "HOST", "FIRST SEEN", "LAST UPLOAD", "UPLOADS", "UPLOAD DUE", "USE");
        foreach (var c in usage.Clients)
        {
            table.AddRow(
                c.ClientId,
                Display.OrDash(c.User),
                Display.OrDash(c.Host),
                Display.Time(c.FirstSeen),
                c.LastUpload is { } last ? Display.Time(last) : "-",
                Display.Number(c.Uploads),
                c.UploadDue is { } due ? Display.Time(due) : "-",
                string.Join(", ", c.Features.Select(f => $"{f.Name}:{Display.Number(f.CheckOuts)}x/{f.Seconds}s")));
        }

        table.WriteTo(context.Out);
    }

    private static async Task ExportAsync(CliContext context, string licenseId, string outFile, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var text = await client.SendRawAsync(HttpMethod.Get, $"usage/{Uri.EscapeDataString(licenseId)}/export", null, ct).ConfigureAwait(false);
        var path = await BorrowCommands.WriteFileAsync(outFile, text, ct).ConfigureAwait(false);
        context.Out.WriteLine(context.Json ? text : $"Wrote the usage export of {licenseId} to {path}; the vendor checks it with 'olic vendor verify-usage'.");
    }
}
