using System.CommandLine;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic license import|list|show|deactivate</c> (R-LIC-4) and <c>export-list</c> (R-BAK-3).</summary>
internal static class LicenseCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var license = new Command("license", "Import, list, inspect and deactivate licenses.");

        var file = new Argument<string>("file") { Description = "A signed license file from 'olic vendor issue'." };
        var import = new Command("import", "Import a signed license file.") { file };
        CommandAction.Set(import, environment, globals, (context, ct) => ImportAsync(context, context.ParseResult.GetRequiredValue(file), ct));

        var list = new Command("list", "List licenses with their seats in use.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var showId = new Argument<string>("id") { Description = "The license id (SN)." };
        var show = new Command("show", "Show a license: flags and, per feature, seats used, borrowed, free and today's peak.") { showId };
        CommandAction.Set(show, environment, globals, (context, ct) => ShowAsync(context, context.ParseResult.GetRequiredValue(showId), ct));

        var deactivateId = new Argument<string>("id") { Description = "The license id (SN)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var deactivate = new Command("deactivate", "Deactivate a license: no new seats are granted from it (asks first; importing its file again activates it).") { deactivateId, yes };
        CommandAction.Set(deactivate, environment, globals, (context, ct) => DeactivateAsync(context, environment.In, context.ParseResult.GetRequiredValue(deactivateId), context.ParseResult.GetValue(yes), ct));

        license.Subcommands.Add(import);
        license.Subcommands.Add(list);
        license.Subcommands.Add(show);
        license.Subcommands.Add(deactivate);
        license.Subcommands.Add(BackupCommands.ExportListCommand(environment, globals));
        return license;
    }

    private static async Task ImportAsync(CliContext context, string file, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw CliException.Usage($"the license file '{path}' does not exist.");
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read the license file '{path}': {ex.Message}", ex);
        }

        using var client = context.CreateAdminClient();
        var response = await client.ImportLicenseAsync(text, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine($"Imported license {response.Value.Id}.");
        context.Out.WriteLine();
        WriteLicense(context.Out, response.Value);
    }

    private static async Task ListAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.ListLicensesAsync(ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        if (response.Value.Count == 0)
        {
            context.Out.WriteLine("No licenses. Import one with 'olic license import FILE'.");
            return;
        }

        var table = new TextTable("ID", "PRODUCT", "EDITION", "EXPIRES", "STATUS", "FEATURES (taken/seats)");
        foreach (var license in response.Value)
        {
            table.AddRow(license.Id, license.Product, license.Edition, Display.Expiry(license.Expires), license.Status, Display.FeatureSummary(license.Features));
        }

        table.WriteTo(context.Out);
    }

    private static async Task ShowAsync(CliContext context, string id, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.GetLicenseAsync(id, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        WriteLicense(context.Out, response.Value);
    }

    private static async Task DeactivateAsync(CliContext context, TextReader input, string id, bool confirmed, CancellationToken ct)
    {
        // Issue #14 item 19: a typo'd id in a shell history must not take a license away silently.
        if (!confirmed)
        {
            await context.Error.WriteAsync($"Deactivate license {id}? No new seats will be granted from it (sessions keep theirs); importing its file again activates it. [y/N] ").ConfigureAwait(false);
            var answer = await input.ReadLineAsync(ct).ConfigureAwait(false);
            if (answer is null)
            {
                throw CliException.Usage($"'olic license deactivate' asks for confirmation and got no answer; pass --yes to deactivate license {id} without asking.");
            }

            if (!answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) && !answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(CliErrorCodes.Declined, $"license {id} was not deactivated.", ExitCodes.Failure);
            }
        }

        using var client = context.CreateAdminClient();
        var raw = await client.DeactivateLicenseAsync(id, ct).ConfigureAwait(false);
        if (context.Json)
        {
            // 204 has no body; printing nothing keeps --json output parseable as "the response".
            if (raw.Length > 0)
            {
                context.Out.WriteLine(raw);
            }

            return;
        }

        context.Out.WriteLine($"Deactivated license {id}.");
    }

    private static void WriteLicense(TextWriter output, LicenseView license)
    {
        output.WriteLine($"License:   {license.Id}");
        output.WriteLine($"Product:   {license.Product}");
        output.WriteLine($"Edition:   {license.Edition}");
        output.WriteLine($"Expires:   {Display.Expiry(license.Expires)}");
        output.WriteLine($"Status:    {license.Status}");
        output.WriteLine($"Flags:     {Display.Flags(license.Flags)}");
        output.WriteLine();
        var table = new TextTable("FEATURE", "SEATS", "USED", "BORROWED", "FREE", "PEAK TODAY", "ENABLED");
        foreach (var feature in license.Features)
        {
            table.AddRow(
                feature.Name,
                Display.Number(feature.Seats),
                Display.Number(feature.Used),
                Display.Number(feature.Borrowed),
                Display.Number(feature.Free),
                Display.Number(feature.PeakToday),
                Display.YesNo(feature.Enabled));
        }

        table.WriteTo(output);
    }
}
