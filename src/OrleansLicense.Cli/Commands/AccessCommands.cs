using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Commands;

/// <summary>
/// <c>olic access list|add|remove</c> and <c>olic access admin add|remove</c>: the grid's admin access rules and named
/// admins (R-SEC-1, issue #15 item 4).
/// </summary>
internal static class AccessCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var access = new Command("access", "Who may administer the grid, from where: ordered allow/deny rules (the first match decides) and named admins.");

        var list = new Command("list", "Show the rules in order and the named admins.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var effect = new Argument<string>("effect") { Description = "allow or deny." };
        effect.AcceptOnlyFromAmong("allow", "deny");
        var who = new Option<string>("--who") { Description = "everyone, token (holders of admin.token) or admin:NAME.", HelpName = "WHO", DefaultValueFactory = _ => "everyone" };
        var where = new Option<string>("--where") { Description = "any, this-computer, an address, a CIDR block (10.0.0.0/8) or a host name.", HelpName = "WHERE", Required = true };
        var position = new Option<int?>("--position") { Description = "Place in the list, 1 = first (default: last).", HelpName = "N" };
        var force = new Option<bool>("--force") { Description = "Make the change even if it would deny your own calls." };
        var add = new Command("add", "Add a rule.") { effect, who, where, position, force };
        CommandAction.Set(add, environment, globals, (context, ct) => SendAsync(
            context,
            HttpMethod.Post,
            "access/rules",
            Body(new AccessRuleRequest(
                context.ParseResult.GetRequiredValue(effect),
                context.ParseResult.GetValue(who) ?? "everyone",
                context.ParseResult.GetRequiredValue(where),
                context.ParseResult.GetValue(position),
                context.ParseResult.GetValue(force)), OperationsJsonContext.Default.AccessRuleRequest),
            ct));

        var id = new Argument<int>("id") { Description = "The rule's number (olic access list)." };
        var removeForce = new Option<bool>("--force") { Description = "Remove it even if the remaining rules would deny your own calls." };
        var remove = new Command("remove", "Remove a rule.") { id, removeForce };
        CommandAction.Set(remove, environment, globals, (context, ct) => SendAsync(
            context,
            HttpMethod.Delete,
            $"access/rules/{context.ParseResult.GetRequiredValue(id).ToString(CultureInfo.InvariantCulture)}{(context.ParseResult.GetValue(removeForce) ? "?force=true" : "")}",
            null,
            ct));

        access.Subcommands.Add(list);
        access.Subcommands.Add(add);
        access.Subcommands.Add(remove);
        access.Subcommands.Add(CreateAdmin(environment, globals));
        return access;
    }

    private static Command CreateAdmin(CliEnvironment environment, GlobalOptions globals)
    {
        var admin = new Command("admin", "Named admins: each has a token of their own, so the logs say who did what.");
        var name = new Argument<string>("name") { Description = "The admin's name (letters, digits, . - _ @)." };
        var add = new Command("add", "Make a named admin (or give one a new token); prints the token once.") { name };
        CommandAction.Set(add, environment, globals, async (context, ct) =>
        {
            using var client = context.CreateAdminClient();
            var response = await client.SendAsync(
                HttpMethod.Post,
                "access/admins",
                Body(new NamedAdminRequest(context.ParseResult.GetRequiredValue(name)), OperationsJsonContext.Default.NamedAdminRequest),
                OperationsJsonContext.Default.NamedAdminCreated,
                ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(response.RawJson);
                return;
            }

            context.Out.WriteLine($"Admin {response.Value.Name}'s token (shown once; give it to them, e.g. olic --token …):");
            context.Out.WriteLine(response.Value.Token);
        });

        var removeName = new Argument<string>("name") { Description = "The admin's name." };
        var remove = new Command("remove", "Remove a named admin; their token stops working.") { removeName };
        CommandAction.Set(remove, environment, globals, (context, ct) => SendAsync(
            context, HttpMethod.Delete, "access/admins/" + Uri.EscapeDataString(context.ParseResult.GetRequiredValue(removeName)), null, ct));

        admin.Subcommands.Add(add);
        admin.Subcommands.Add(remove);
        return admin;
    }

    private static Task ListAsync(CliContext context, CancellationToken ct) => SendAsync(context, HttpMethod.Get, "access", null, ct);

    private static async Task SendAsync(CliContext context, HttpMethod method, string path, HttpContent? body, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(method, path, body, OperationsJsonContext.Default.AccessListView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        Write(context.Out, response.Value);
    }

    private static void Write(TextWriter output, AccessListView view)
    {
        if (view.Rules.Count == 0)
        {
            output.WriteLine("Rules: none (every admin token is accepted from everywhere HTTPS or this computer reaches the silo).");
        }
        else
        {
            output.WriteLine("Rules (the first match decides; no match allows):");
            var table = new TextTable("ID", "EFFECT", "WHO", "WHERE");
            foreach (var rule in view.Rules)
            {
                table.AddRow(rule.Id.ToString(CultureInfo.InvariantCulture), rule.Effect, rule.Who, rule.Where);
            }

            table.WriteTo(output);
        }

        output.WriteLine(view.Admins.Count == 0 ? "Named admins: none" : $"Named admins: {string.Join(", ", view.Admins)}");
    }

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
