using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansLicense.Cli.Output;
using OrleansLicense.Cli.Triad;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic triad create|show|roles|replace|dissolve</c> (R-TRI-3): the triad's administration over the admin API.</summary>
internal static class TriadCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var triad = new Command("triad", "Three silos of one grid with roles that behave as one license server (primary, secondary, tertiary).");
        triad.Subcommands.Add(CreateCommand(environment, globals));

        var show = new Command("show", "Show the triad: each server's name, addresses, ports, role and status, which one is active, the license count.");
        CommandAction.Set(show, environment, globals, ShowAsync);
        triad.Subcommands.Add(show);

        var primary = new Option<string?>("--primary") { Description = "The member that becomes primary (name or address).", HelpName = "SILO" };
        var secondary = new Option<string?>("--secondary") { Description = "The member that becomes secondary.", HelpName = "SILO" };
        var tertiary = new Option<string?>("--tertiary") { Description = "The member that becomes tertiary.", HelpName = "SILO" };
        var roles = new Command("roles", "Change the members' roles.") { primary, secondary, tertiary };
        CommandAction.Set(roles, environment, globals, (context, ct) => SendAndShowAsync(
            context, HttpMethod.Put, "triad/roles",
            Body(new TriadRolesBody(context.ParseResult.GetValue(primary), context.ParseResult.GetValue(secondary), context.ParseResult.GetValue(tertiary)), TriadCliJson.Default.TriadRolesBody), ct));
        triad.Subcommands.Add(roles);

        var node = new Argument<string>("node") { Description = "The member that is down (name or address)." };
        var with = new Option<string>("--with") { Description = "The silo of this grid that takes its place.", HelpName = "SILO", Required = true };
        var replace = new Command("replace", "Replace a dead node by another silo of the grid; the licenses stay (no re-import, no re-issue).") { node, with };
        CommandAction.Set(replace, environment, globals, (context, ct) => SendAndShowAsync(
            context, HttpMethod.Post, "triad/replace",
            Body(new TriadReplaceBody(context.ParseResult.GetRequiredValue(node), context.ParseResult.GetRequiredValue(with)), TriadCliJson.Default.TriadReplaceBody), ct));
        triad.Subcommands.Add(replace);

        var licenses = new Option<string>("--licenses") { Description = "What happens to the licenses: keep (on the active node), move (imported on the server --to, then deactivated here), deactivate.", DefaultValueFactory = _ => "keep" };
        licenses.AcceptOnlyFromAmong("keep", "move", "deactivate");
        var to = new Option<string?>("--to") { Description = "--licenses move: the URL of the server that takes the licenses.", HelpName = "URL" };
        var toToken = new Option<string?>("--to-token") { Description = "--licenses move: that server's admin token.", HelpName = "TOKEN" };
        var dissolve = new Command("dissolve", "Dissolve the triad, also with one or two nodes down.") { licenses, to, toToken };
        dissolve.Validators.Add(result =>
        {
            var moving = result.GetValue(licenses) == "move";
            if (moving && (string.IsNullOrWhiteSpace(result.GetValue(to)) || string.IsNullOrWhiteSpace(result.GetValue(toToken))))
            {
                result.AddError("--licenses move needs --to URL and --to-token TOKEN (the server that takes the licenses and its admin token).");
            }
            else if (!moving && (result.GetValue(to) is not null || result.GetValue(toToken) is not null))
            {
                result.AddError("--to and --to-token go with --licenses move.");
            }
        });
        CommandAction.Set(dissolve, environment, globals, (context, ct) => DissolveAsync(context, context.ParseResult.GetRequiredValue(licenses), context.ParseResult.GetValue(to), context.ParseResult.GetValue(toToken), ct));
        triad.Subcommands.Add(dissolve);
        return triad;
    }

    private static Command CreateCommand(CliEnvironment environment, GlobalOptions globals)
    {
        var name = new Option<string>("--name") { Description = "The triad's name.", Required = true };
        var id = new Option<string?>("--id") { Description = "Its id, which licenses are bound to (--bind triad:ID); default: the name.", HelpName = "ID" };
        var primary = new Option<string>("--primary") { Description = "The primary silo (name, address or URL as 'olic status' lists them).", HelpName = "SILO", Required = true };
        var secondary = new Option<string>("--secondary") { Description = "The secondary silo.", HelpName = "SILO", Required = true };
        var tertiary = new Option<string>("--tertiary") { Description = "The tertiary silo.", HelpName = "SILO", Required = true };
        var license = new Option<string[]>("--license") { Description = "A license file issued for the triad (--bind triad:ID); at least one enterprise license. Repeat for more.", HelpName = "FILE", Required = true, AllowMultipleArgumentsPerToken = false };
        var create = new Command("create", "Create a triad of three silos of this grid with its licenses.") { name, id, primary, secondary, tertiary, license };
        CommandAction.Set(create, environment, globals, async (context, ct) =>
        {
            var result = context.ParseResult;
            var documents = new List<JsonElement>();
            foreach (var path in result.GetRequiredValue(license))
            {
                documents.Add(ReadLicense(path));
            }

            var body = new TriadCreateBody(result.GetRequiredValue(name), result.GetValue(id), result.GetRequiredValue(primary), result.GetRequiredValue(secondary), result.GetRequiredValue(tertiary), documents);
            using var client = context.CreateAdminClient();
            using var content = Body(body, TriadCliJson.Default.TriadCreateBody);
            var response = await client.SendAsync(HttpMethod.Post, "triad", content, TriadCliJson.Default.TriadCreatedAnswer, ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(response.RawJson);
                return;
            }

            Write(context, response.Value.Triad);
        });
        return create;
    }

    private static async Task ShowAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "triad", null, TriadCliJson.Default.TriadAnswer, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        Write(context, response.Value);
    }

    private static async Task SendAndShowAsync(CliContext context, HttpMethod method, string path, HttpContent content, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        using (content)
        {
            var response = await client.SendAsync(method, path, content, TriadCliJson.Default.TriadAnswer, ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(response.RawJson);
                return;
            }

            Write(context, response.Value);
        }
    }

    private static async Task DissolveAsync(CliContext context, string licenses, string? to, string? toToken, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        using var body = to is not null && toToken is not null ? Body(new TriadDissolveBody(to, toToken), TriadCliJson.Default.TriadDissolveBody) : null;
        var response = await client.SendAsync(HttpMethod.Delete, $"triad?licenses={licenses}", body, TriadCliJson.Default.TriadDissolvedAnswer, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        var answer = response.Value;
        context.Out.WriteLine($"Dissolved the triad '{answer.Name}' ({answer.Dissolved}); licenses: {answer.Licenses}.");
        if (answer.Affected.Count > 0)
        {
            context.Out.WriteLine(answer.MovedTo is { } target
                ? $"Moved to {target} (imported there, deactivated here): {string.Join(", ", answer.Affected)}."
                : $"Deactivated here: {string.Join(", ", answer.Affected)}.");
        }
    }

    private static void Write(CliContext context, TriadAnswer triad)
    {
        var output = context.Out;
        output.WriteLine($"Triad:     {triad.Name} ({triad.Id})");
        output.WriteLine($"Active:    {triad.Active ?? "NONE (no server may serve)"}");
        output.WriteLine($"Quorum:    {(triad.Quorum ? "yes" : "NO")} (as {triad.AnsweredBy} sees it)");
        output.WriteLine($"Licenses:  {(triad.Licenses is { } count ? Display.Number(count) : "-")}");
        output.WriteLine($"Failovers: {Display.Number(triad.Failovers)}" + (triad.ActiveSince is { } since ? $" (active since {Display.Time(since)})" : ""));
        output.WriteLine();
        var table = new TextTable("ROLE", "SILO", "STATUS", "ACTIVE", "SILO ADDRESS", "HTTP", "SILO PORT", "HTTP PORT");
        foreach (var server in triad.Servers)
        {
            table.AddRow(server.Role, server.Silo, server.Status, Display.YesNo(server.IsActive), server.Addresses.ElementAtOrDefault(0) ?? "-", server.Addresses.ElementAtOrDefault(1) ?? "-",
                server.SiloPort.ToString(CultureInfo.InvariantCulture), server.HttpPort?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        table.WriteTo(output);
    }

    private static JsonElement ReadLicense(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--license {path}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"--license {path} is not a license file (JSON): {ex.Message}");
        }
    }

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
