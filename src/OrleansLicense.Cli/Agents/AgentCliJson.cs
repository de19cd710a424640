using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Cli.Agents;

/// <summary>An agent agreement as the admin API lists it (GET /api/v1/admin/agents).</summary>
internal sealed record AgentListItem(
    string Role,
    string AgentId,
    string LicenseId,
    string Product,
    string Feature,
    string Mode,
    int Seats,
    int InUse,
    string State,
    int LeaseSeconds,
    DateTimeOffset? LastRenewal);

/// <summary>POST /api/v1/admin/agents/credentials.</summary>
internal sealed record AgentCredentialBody(string AgentId);

/// <summary>The new credential, shown once.</summary>
internal sealed record AgentCredentialAnswer(string AgentId, string Credential);

/// <summary>Source-generated JSON of the agent commands.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<AgentListItem>))]
[JsonSerializable(typeof(AgentCredentialBody))]
[JsonSerializable(typeof(AgentCredentialAnswer))]
internal sealed partial class AgentCliJson : JsonSerializerContext;
