using System.CommandLine;
using OrleansLicense.Cli.Output;
using OrleansLicense.Cli.Parsing;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic settings get|set</c>: client timeout (R-SESS-3) and per-product borrow rules (R-BOR-2).</summary>
internal static class SettingsCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var settings = new Command("settings", "Show or change the client timeout and borrow rules.");

        var get = new Command("get", "Show the settings.");
        CommandAction.Set(get, environment, globals, GetAsync);

        var clientTimeout = new Option<string?>("--client-timeout") { Description = $"Seconds without heartbeat before a client is kicked ({SessionTimeouts.MinSeconds} to {SessionTimeouts.MaxSeconds}).", HelpName = "SECONDS" };
        var borrowRule = new Option<string[]>("--borrow-rule") { Description = "Longest borrow for a product, in hours; repeat for more.", HelpName = "product=hours", Arity = ArgumentArity.ZeroOrMore };
        var removeRule = new Option<string[]>("--remove-borrow-rule") { Description = "Drop a product's borrow rule (the default applies again); repeat for more.", HelpName = "product", Arity = ArgumentArity.ZeroOrMore };
        var ipv6 = new Option<string?>("--ipv6") { Description = "The silo's IP families from its next start: disable (IPv4 only), enable (both) or only (IPv6 only).", HelpName = "MODE" };
        var set = new Command("set", "Change settings: reads the current ones, applies the changes, writes them back.") { clientTimeout, borrowRule, removeRule, ipv6 };
        CommandAction.Set(set, environment, globals, async (context, ct) =>
        {
            var rules = context.ParseResult.GetValue(borrowRule) ?? [];
            var removed = context.ParseResult.GetValue(removeRule) ?? [];
            var timeout = context.ParseResult.GetValue(clientTimeout);
            if (context.ParseResult.GetValue(ipv6) is { } mode)
            {
                await NetworkSettingsCommand.SetAsync(context, NetworkSettingsCommand.Parse(mode), ct).ConfigureAwait(false);
                if (timeout is null && rules.Length == 0 && removed.Length == 0)
                {
                    return;
                }
            }

            await SetAsync(context, timeout, rules, removed, ct).ConfigureAwait(false);
        });

        settings.Subcommands.Add(get);
        settings.Subcommands.Add(set);
        return settings;
    }

    private static async Task GetAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.GetSettingsAsync(ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        WriteSettings(context.Out, response.Value);
    }

    private static async Task SetAsync(CliContext context, string? clientTimeoutText, string[] borrowRules, string[] removedRules, CancellationToken ct)
    {
        // Every value is checked before the first request, so a typo changes nothing on the server.
        if (clientTimeoutText is null && borrowRules.Length == 0 && removedRules.Length == 0)
        {
            throw CliException.Usage("nothing to change: give --client-timeout SECONDS, --borrow-rule product=hours or --remove-borrow-rule product.");
        }

        int? clientTimeout = null;
        if (clientTimeoutText is not null)
        {
            var seconds = ValueParsers.PositiveInt(clientTimeoutText, "--client-timeout");
            if (!SessionTimeouts.IsValid(seconds))
            {
                throw CliException.Usage($"--client-timeout must be between {SessionTimeouts.MinSeconds} s (1 minute) and {SessionTimeouts.MaxSeconds} s (48 hours), not {seconds}.");
            }

            clientTimeout = seconds;
        }

        var newRules = borrowRules.Select(ValueParsers.BorrowRule).ToList();

        using var client = context.CreateAdminClient();
        var current = (await client.GetSettingsAsync(ct).ConfigureAwait(false)).Value;

        // Product names are matched ignoring case, as the server matches them, so a rule is replaced rather than doubled.
        var rules = new Dictionary<string, BorrowRuleView>(current.BorrowRules, StringComparer.OrdinalIgnoreCase);
        foreach (var product in removedRules)
        {
            if (!rules.Remove(product.Trim()))
            {
                var known = rules.Count == 0 ? "there are none" : "there are rules for " + string.Join(", ", rules.Keys);
                throw CliException.Usage($"there is no borrow rule for product '{product}' to remove; {known}.");
            }
        }

        foreach (var (product, hours) in newRules)
        {
            var existing = rules.Keys.FirstOrDefault(k => string.Equals(k, product, StringComparison.OrdinalIgnoreCase));
            rules.Remove(product);
            rules[existing ?? product] = new BorrowRuleView(hours);
        }

        var changed = current with
        {
            ClientTimeoutSeconds = clientTimeout ?? current.ClientTimeoutSeconds,
            BorrowRules = new Dictionary<string, BorrowRuleView>(rules, StringComparer.Ordinal),
        };
        var response = await client.PutSettingsAsync(changed, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine("Settings saved.");
        context.Out.WriteLine();
        WriteSettings(context.Out, response.Value);
    }

    private static void WriteSettings(TextWriter output, SettingsView settings)
    {
        var heartbeat = SessionTimeouts.HeartbeatIntervalSeconds(settings.ClientTimeoutSeconds);
        output.WriteLine($"Client timeout:  {Display.Number(settings.ClientTimeoutSeconds)} s (clients heartbeat every {Display.Number(heartbeat)} s)");
        output.WriteLine($"Maintenance:     {Display.YesNo(settings.Maintenance)}");
        if (settings.BorrowRules.Count == 0)
        {
            output.WriteLine("Borrow rules:    none (the server's default applies to every product)");
            return;
        }

        output.WriteLine("Borrow rules:");
        var table = new TextTable("PRODUCT", "MAX HOURS");
        foreach (var (product, rule) in settings.BorrowRules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            table.AddRow(product, Display.Number(rule.MaxHours));
        }

        table.WriteTo(output);
    }
}
