using System.CommandLine;
using OrleansLicense.Cli.Output;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic session list|remove</c> (R-SESS-5).</summary>
internal static class SessionCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var session = new Command("session", "List client sessions and remove one.");

        var list = new Command("list", "List live sessions.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var id = new Argument<string>("id") { Description = "The session id." };
        var remove = new Command("remove", "Remove a session; its seats return to the pool at once.") { id };
        CommandAction.Set(remove, environment, globals, (context, ct) => RemoveAsync(context, context.ParseResult.GetRequiredValue(id), ct));

        session.Subcommands.Add(list);
        session.Subcommands.Add(remove);
        return session;
    }

    private static async Task ListAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.ListSessionsAsync(ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        if (response.Value.Count == 0)
        {
            context.Out.WriteLine("No sessions.");
            return;
        }

        var table = new TextTable("SESSION", "PRODUCT", "USER", "HOST", "ADDRESS", "FEATURES", "SINCE", "LAST HEARTBEAT");
        foreach (var session in response.Value)
        {
            table.AddRow(
                session.SessionId,
                session.Product,
                Display.OrDash(session.User),
                Display.OrDash(session.Host),
                Display.OrDash(session.Address),
                Display.Held(session.Features),
                Display.Time(session.Since),
                HeartbeatText(session));
        }

        table.WriteTo(context.Out);
    }

    private static async Task RemoveAsync(CliContext context, string id, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var raw = await client.RemoveSessionAsync(id, ct).ConfigureAwait(false);
        if (context.Json)
        {
            if (raw.Length > 0)
            {
                context.Out.WriteLine(raw);
            }

            return;
        }

        context.Out.WriteLine($"Removed session {id}; its seats are back in the pool.");
    }

    /// <summary>The last heartbeat, or after a restart the grace period as what it is (issue #14 item 17).</summary>
    private static string HeartbeatText(Contracts.Admin.SessionView session) => session.LastHeartbeat is { } last
        ? Display.Time(last)
        : session.RestoredAt is { } restored
            ? $"none since restore at {Display.Time(restored)}" + (session.ExpiresAt is { } expires ? $", expires {Display.Time(expires)}" : "")
            : "-";
}
