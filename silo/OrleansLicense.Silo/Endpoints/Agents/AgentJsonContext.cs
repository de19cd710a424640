using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts.Agents;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>Source-generated JSON of the agent routes and the link (camelCase, like every API body).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinkFeature))]
[JsonSerializable(typeof(List<LinkFeature>))]
[JsonSerializable(typeof(LinkSetRequest))]
[JsonSerializable(typeof(LinkRenewRequest))]
[JsonSerializable(typeof(LinkDrawRequest))]
[JsonSerializable(typeof(AgentView))]
[JsonSerializable(typeof(List<AgentView>))]
[JsonSerializable(typeof(AgentRestAnswer))]
[JsonSerializable(typeof(AgentCredentialRequest))]
[JsonSerializable(typeof(AgentCredentialResponse))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
