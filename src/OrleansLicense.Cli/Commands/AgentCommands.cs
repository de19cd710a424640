using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansLicense.Cli.Output;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Agents;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic agent list</c> and <c>olic agent credential create</c> (second-level agents, #18, R-AGT-1).</summary>
internal static class AgentCommands
{
    public static Command Create(CliEnvironment environment, GlobalOptions globals)
    {
        var agent = new Command("agent", "Second-level agents: list agreements, issue the credential an agent's grid links with.");

        var list = new Command("list", "List the agreements this grid takes part in, upstream and downstream.");
        CommandAction.Set(list, environment, globals, ListAsync);

        var agentId = new Argument<string>("agent-id") { Description = "The agent's name (letters, digits, '-', '_', '.')." };
        var create = new Command("create", "Issue (or replace) the credential of an agent; put it in the agent grid's Agent:Credential.") { agentId };
        CommandAction.Set(create, environment, globals, (context, ct) => CreateCredentialAsync(context, context.ParseResult.GetRequiredValue(agentId), ct));
        var credential = new Command("credential", "Agent link credentials (issued by the upstream grid).");
        credential.Subcommands.Add(create);

        agent.Subcommands.Add(list);
        agent.Subcommands.Add(credential);
        return agent;
    }

    private static async Task ListAsync(CliContext context, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var response = await client.SendAsync(HttpMethod.Get, "agents", null, ContractsJsonContext.Default.ListAgentView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        if (response.Value.Count == 0)
        {
            context.Out.WriteLine("No agents.");
            return;
        }

        var table = new TextTable("ROLE", "AGENT", "LICENSE", "PRODUCT", "FEATURE", "MODE", "SEATS", "IN USE", "STATE", "LAST RENEWAL");
        foreach (var a in response.Value)
        {
            table.AddRow(a.Role, a.AgentId, a.LicenseId, a.Product, a.Feature, a.Mode, a.Seats.ToString(System.Globalization.CultureInfo.InvariantCulture),
                a.InUse.ToString(System.Globalization.CultureInfo.InvariantCulture), a.State, a.LastRenewal is { } at ? Display.Time(at) : "-");
        }

        table.WriteTo(context.Out);
    }

    private static async Task CreateCredentialAsync(CliContext context, string agentId, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        using var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new AgentCredentialRequest(agentId), ContractsJsonContext.Default.AgentCredentialRequest));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(HttpMethod.Post, "agents/credentials", body, ContractsJsonContext.Default.AgentCredentialResponse, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        context.Out.WriteLine(response.Value.Credential);
        context.Error.WriteLine($"Shown once: set Agent__Credential (OLIC_Agent__Credential) of agent '{agentId}' to the line above; issuing again replaces it.");
    }
}
