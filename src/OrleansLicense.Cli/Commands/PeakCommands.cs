using System.CommandLine;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic peaks show|export</c> (R-USE-3).</summary>
internal static class PeakCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var peaks = new Command("peaks", "Show a license's daily peaks, or export them in the signed userPeakLog format.");

        var showId = new Argument<string>("license") { Description = "The license id (SN)." };
        var showFrom = From();
        var showTo = To();
        var show = new Command("show", "Show the most holders of the license and seats per feature in use at once, per UTC day.") { showId, showFrom, showTo };
        CommandAction.Set(show, environment, globals, (context, ct) => ShowAsync(
            context,
            context.ParseResult.GetRequiredValue(showId),
            Range(context.ParseResult.GetValue(showFrom), context.ParseResult.GetValue(showTo)),
            ct));

        var exportId = new Argument<string>("license") { Description = "The license id (SN)." };
        var exportFrom = From();
        var exportTo = To();
        var outFile = new Option<string>("--out") { Description = "The peak log to write (for 'olic vendor verify-peaks').", HelpName = "FILE", Required = true };
        var export = new Command("export", "Export the daily peaks as the seed's userPeakLog text, signed by the server.") { exportId, exportFrom, exportTo, outFile };
        CommandAction.Set(export, environment, globals, (context, ct) => ExportAsync(
            context,
            context.ParseResult.GetRequiredValue(exportId),
            Range(context.ParseResult.GetValue(exportFrom), context.ParseResult.GetValue(exportTo)),
            context.ParseResult.GetRequiredValue(outFile),
            ct));

        peaks.Subcommands.Add(show);
        peaks.Subcommands.Add(export);
        return peaks;
    }

    private static Option<string?> From() => new("--from") { Description = "First day, yyyy-MM-dd (default: the first day with use).", HelpName = "DATE" };

    private static Option<string?> To() => new("--to") { Description = "Last day, yyyy-MM-dd (default: today, UTC).", HelpName = "DATE" };

    private static string Range(string? from, string? to)
    {
        var query = new List<string>();
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is null)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            {
                throw CliException.Usage($"--{name} must be a date yyyy-MM-dd (was '{value}').");
            }

            query.Add($"{name}={value}");
        }

        return query.Count == 0 ? "" : "?" + string.Join('&', query);
    }

    private static async Task ShowAsync(CliContext context, string licenseId, string range, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, $"peaks/{Uri.EscapeDataString(licenseId)}{range}", null, ContractsJsonContext.Default.PeaksView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        var table = new TextTable("DAY", "SN", "FEATURES");
        foreach (var day in response.Value.Days)
        {
            table.AddRow(day.Time, Display.Number(day.Sn), day.Features.Count == 0 ? "-" : string.Join(", ", day.Features.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{Display.Number(f.Value)}")));
        }

        table.WriteTo(context.Out);
    }

    private static async Task ExportAsync(CliContext context, string licenseId, string range, string outFile, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var text = await client.SendRawAsync(HttpMethod.Get, $"peaks/{Uri.EscapeDataString(licenseId)}/export{range}", null, ct).ConfigureAwait(false);
        var path = await BorrowCommands.WriteFileAsync(outFile, text, ct).ConfigureAwait(false);
        context.Out.WriteLine(context.Json ? text : $"Wrote the peak log of {licenseId} to {path}; the vendor checks it with 'olic vendor verify-peaks'.");
    }
}
