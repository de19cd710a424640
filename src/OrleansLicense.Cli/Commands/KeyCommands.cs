using System.CommandLine;
using OrleansLicense.Cli.Output;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic keys add|list|remove</c>: vendor keys trusted by every silo of the grid (issue #14 item 13).</summary>
internal static class KeyCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var keys = new Command("keys", "Vendor public keys the grid trusts to verify licenses.");

        var file = new Argument<string>("file") { Description = "The vendor's public key (vendor.pub.pem from 'olic vendor keygen')." };
        var add = new Command("add", "Trust a vendor public key on every silo of the grid (stored once, in the grid).") { file };
        CommandAction.Set(add, environment, globals, (context, ct) => AddAsync(context, context.ParseResult.GetRequiredValue(file), ct));

        var list = new Command("list", "List trusted keys: the grid's, and the silo's own keys folder.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var id = new Argument<string>("key-id") { Description = "The key id ('olic keys list')." };
        var remove = new Command("remove", "Stop trusting a key of the grid; imported licenses stay.") { id };
        CommandAction.Set(remove, environment, globals, (context, ct) => RemoveAsync(context, context.ParseResult.GetRequiredValue(id), ct));

        keys.Subcommands.Add(add);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(remove);
        return keys;
    }

    private static async Task AddAsync(CliContext context, string file, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        string pem;
        try
        {
            pem = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read the key file '{path}': {ex.Message}", ex);
        }

        using var client = context.CreateAdminClient();
        var response = await client.AddTrustedKeyAsync(pem, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine($"Trusted vendor key {response.Value.KeyId} on every silo of the grid.");
    }

    private static async Task ListAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.ListTrustedKeysAsync(ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        if (response.Value.Count == 0)
        {
            context.Out.WriteLine("No trusted keys. Add the vendor's public key with 'olic keys add FILE'.");
            return;
        }

        var table = new TextTable("KEY ID", "SOURCE", "ADDED");
        foreach (var key in response.Value)
        {
            table.AddRow(key.KeyId, key.Source, key.AddedAt is { } at ? Display.Time(at) : "-");
        }

        table.WriteTo(context.Out);
    }

    private static async Task RemoveAsync(CliContext context, string id, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var raw = await client.RemoveTrustedKeyAsync(id, ct).ConfigureAwait(false);
        if (context.Json)
        {
            if (raw.Length > 0)
            {
                context.Out.WriteLine(raw);
            }

            return;
        }

        context.Out.WriteLine($"The grid no longer trusts key {id}.");
    }
}
