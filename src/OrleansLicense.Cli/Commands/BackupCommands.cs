using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansLicense.Cli.Backup;
using OrleansLicense.Cli.Http;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Backup;

namespace OrleansLicense.Cli.Commands;

/// <summary>
/// <c>olic backup create|import|show|sync|dissolve</c>, <c>olic backup settings export|import</c> and
/// <c>olic license export-list</c> (R-BAK-1..6): the backup relationship's administration over the admin API.
/// </summary>
internal static class BackupCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var backup = new Command("backup", "A backup relationship: two independent servers, the primary's settings synced to the backup, clients failing over between mapped licenses.");
        backup.Subcommands.Add(CreateCommand(environment, globals));

        var file = new Argument<string>("file") { Description = "The relationship file (.bkdat) 'olic backup create --backup-list' wrote on the primary." };
        var import = new Command("import", "Complete an offline relationship on the backup by importing the primary's .bkdat.") { file };
        CommandAction.Set(import, environment, globals, async (context, ct) =>
        {
            var text = await BorrowCommands.ReadFileAsync(context.ParseResult.GetRequiredValue(file), "relationship file", ct).ConfigureAwait(false);
            await SendAndShowAsync(context, HttpMethod.Post, "backup/import", JsonText(text), ct).ConfigureAwait(false);
        });
        backup.Subcommands.Add(import);

        var show = new Command("show", "Show the relationship: both servers, roles, states, the last sync and the mapping.");
        CommandAction.Set(show, environment, globals, (context, ct) => SendAndShowAsync(context, HttpMethod.Get, "backup", null, ct));
        backup.Subcommands.Add(show);

        var sync = new Command("sync", "Sync the settings to the backup now (on the primary).");
        CommandAction.Set(sync, environment, globals, (context, ct) => SendAndShowAsync(context, HttpMethod.Post, "backup/sync", null, ct));
        backup.Subcommands.Add(sync);

        var force = new Option<bool>("--force") { Description = "Forget the relationship here at once, without telling an unreachable partner." };
        var dissolve = new Command("dissolve", "Dissolve the relationship, also with the partner down (it is told when it answers again).") { force };
        CommandAction.Set(dissolve, environment, globals, (context, ct) => DissolveAsync(context, context.ParseResult.GetValue(force), ct));
        backup.Subcommands.Add(dissolve);

        backup.Subcommands.Add(SettingsCommand(environment, globals));
        return backup;
    }

    /// <summary><c>olic license export-list --out FILE</c>: the backup's signed license list for an offline relationship.</summary>
    public static Command ExportListCommand(CliEnvironment environment, GlobalOptions globals)
    {
        var outFile = new Option<string>("--out") { Description = "The license list file to write (for 'olic backup create --backup-list' on the primary).", HelpName = "FILE", Required = true };
        var exportList = new Command("export-list", "Write this server's licenses as a list signed by the server, to create a backup relationship offline.") { outFile };
        CommandAction.Set(exportList, environment, globals, async (context, ct) =>
        {
            using var client = context.CreateAdminClient();
            var text = await client.SendRawAsync(HttpMethod.Get, "backup/license-list", null, ct).ConfigureAwait(false);
            var path = await BorrowCommands.WriteFileAsync(context.ParseResult.GetRequiredValue(outFile), text, ct).ConfigureAwait(false);
            context.Out.WriteLine(context.Json ? text : $"Wrote this server's license list to {path}; on the primary run 'olic backup create --backup-list {path} --map PRIMARY=BACKUP --out REL.bkdat'.");
        });
        return exportList;
    }

    private static Command CreateCommand(CliEnvironment environment, GlobalOptions globals)
    {
        var map = new Option<string[]>("--map") { Description = "A primary license and the backup license that stands in for it: PRIMARY=BACKUP. Repeat for more.", HelpName = "PRIMARY=BACKUP", Required = true, AllowMultipleArgumentsPerToken = false };
        var backupUrl = new Option<string?>("--backup") { Description = "Online: the backup server's address (e.g. https://backup.example:8276).", HelpName = "URL" };
        var token = new Option<string?>("--backup-token") { Description = "Online: an admin token of the backup server.", HelpName = "TOKEN" };
        var tokenFile = new Option<string?>("--backup-token-file") { Description = "Online: a file holding an admin token of the backup server (keeps it off the command line).", HelpName = "FILE" };
        var list = new Option<string?>("--backup-list") { Description = "Offline: the backup's license list ('olic license export-list' on the backup).", HelpName = "FILE" };
        var outFile = new Option<string?>("--out") { Description = "Offline: the relationship file to write (.bkdat; it holds the link's credential: keep it secret), for 'olic backup import' on the backup.", HelpName = "FILE" };
        var create = new Command("create", "Create a backup relationship on the primary: online with --backup and its admin token, or offline with --backup-list and --out.") { map, backupUrl, token, tokenFile, list, outFile };
        CommandAction.Set(create, environment, globals, async (context, ct) =>
        {
            var result = context.ParseResult;
            var mapping = result.GetRequiredValue(map).Select(ParseMap).ToList();
            if (result.GetValue(list) is { } listFile)
            {
                if (result.GetValue(outFile) is not { } output)
                {
                    throw CliException.Usage("--backup-list needs --out FILE for the relationship file (.bkdat).");
                }

                JsonElement backupList;
                try
                {
                    using var document = JsonDocument.Parse(await BorrowCommands.ReadFileAsync(listFile, "license list", ct).ConfigureAwait(false));
                    backupList = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw CliException.Usage($"--backup-list {listFile} is not a license list (JSON): {ex.Message}");
                }

                using var client = context.CreateAdminClient();
                var file = await client.SendRawAsync(HttpMethod.Post, "backup/offline", AdminApiClient.JsonBody(new BackupOfflineBody(backupList, mapping), BackupCliJson.Default.BackupOfflineBody), ct).ConfigureAwait(false);
                var path = await BorrowCommands.WriteFileAsync(output, file, ct).ConfigureAwait(false);
                context.Out.WriteLine(context.Json ? file : $"Created the relationship on this server (the primary) and wrote {path}; on the backup run 'olic backup import {path}'. The file holds the link's credential: keep it secret.");
                return;
            }

            if (result.GetValue(backupUrl) is not { } url)
            {
                throw CliException.Usage("give --backup URL with --backup-token (online), or --backup-list FILE with --out FILE (offline).");
            }

            var adminToken = result.GetValue(token)
                ?? (result.GetValue(tokenFile) is { } path2 ? (await BorrowCommands.ReadFileAsync(path2, "token file", ct).ConfigureAwait(false)).Trim() : null)
                ?? throw CliException.Usage("--backup needs --backup-token or --backup-token-file: creating needs admin rights on both servers.");
            await SendAndShowAsync(context, HttpMethod.Post, "backup", AdminApiClient.JsonBody(new BackupCreateBody(url, adminToken, mapping), BackupCliJson.Default.BackupCreateBody), ct).ConfigureAwait(false);
        });
        return create;
    }

    private static Command SettingsCommand(CliEnvironment environment, GlobalOptions globals)
    {
        var settings = new Command("settings", "Carry the primary's settings to the backup as a signed file while the two are not connected.");
        var outFile = new Option<string>("--out") { Description = "The settings file to write.", HelpName = "FILE", Required = true };
        var export = new Command("export", "Export the synced settings on the primary (client timeout, borrow rules, access rules, named admins), signed.") { outFile };
        CommandAction.Set(export, environment, globals, async (context, ct) =>
        {
            using var client = context.CreateAdminClient();
            var text = await client.SendRawAsync(HttpMethod.Get, "backup/settings", null, ct).ConfigureAwait(false);
            var path = await BorrowCommands.WriteFileAsync(context.ParseResult.GetRequiredValue(outFile), text, ct).ConfigureAwait(false);
            context.Out.WriteLine(context.Json ? text : $"Wrote the settings to {path}; on the backup run 'olic backup settings import {path}'.");
        });
        settings.Subcommands.Add(export);

        var file = new Argument<string>("file") { Description = "A settings file from 'olic backup settings export' on the primary." };
        var import = new Command("import", "Import the primary's settings on the backup (an older export over newer settings is refused).") { file };
        CommandAction.Set(import, environment, globals, async (context, ct) =>
        {
            var text = await BorrowCommands.ReadFileAsync(context.ParseResult.GetRequiredValue(file), "settings file", ct).ConfigureAwait(false);
            await SendAndShowAsync(context, HttpMethod.Post, "backup/settings", JsonText(text), ct).ConfigureAwait(false);
        });
        settings.Subcommands.Add(import);
        return settings;
    }

    private static BackupMappingBody ParseMap(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && equals < value.Length - 1
            ? new BackupMappingBody(value[..equals].Trim(), value[(equals + 1)..].Trim())
            : throw CliException.Usage($"--map must be PRIMARY=BACKUP, a license id of this server and one of the backup (was '{value}').");
    }

    private static async Task SendAndShowAsync(CliContext context, HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        using (content)
        {
            var response = await client.SendAsync(method, path, content, ContractsJsonContext.Default.BackupView, ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(response.RawJson);
                return;
            }

            Write(context, response.Value);
        }
    }

    private static async Task DissolveAsync(CliContext context, bool force, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Delete, force ? "backup?force=true" : "backup", null, BackupCliJson.Default.BackupDissolvedAnswer, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine(response.Value.State == "dissolved"
            ? $"Dissolved the backup relationship {response.Value.RelationshipId} on both servers."
            : $"Dissolved the backup relationship {response.Value.RelationshipId} here; the partner cannot be reached and is told when it answers again (state: dissolving).");
    }

    private static void Write(CliContext context, BackupView view)
    {
        var output = context.Out;
        output.WriteLine($"Relationship: {view.RelationshipId}");
        output.WriteLine($"This server:  {view.Role}");
        output.WriteLine($"State:        {view.State}");
        output.WriteLine($"Last sync:    {(view.LastSync is { } at ? Display.Time(at) : "never")} (settings version {view.SettingsVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        if (view.LastError is { } error)
        {
            output.WriteLine($"Last error:   {error}");
        }

        output.WriteLine();
        var servers = new TextTable("ROLE", "SERVER", "CLUSTER", "STATUS", "ADDRESSES");
        foreach (var server in new[] { view.Self, view.Partner }.OrderBy(s => s.Role == "primary" ? 0 : 1))
        {
            servers.AddRow(server.Role, server.Name, server.ClusterId, server.Status, string.Join(" ", server.Addresses));
        }

        servers.WriteTo(output);
        output.WriteLine();
        var mapping = new TextTable("PRODUCT", "PRIMARY LICENSE", "BACKUP LICENSE");
        foreach (var pair in view.Mapping)
        {
            mapping.AddRow(pair.Product, pair.PrimaryLicense, pair.BackupLicense);
        }

        mapping.WriteTo(output);
        if (view.Role == "backup")
        {
            output.WriteLine();
            output.WriteLine("The client timeout, borrow rules, access rules and named admins come from the primary: changes made here are overwritten by the next sync.");
        }
    }

    private static ByteArrayContent JsonText(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
