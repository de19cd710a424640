using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Silo.Triad;

/// <summary>Source-generated JSON of the triad routes (camelCase, like every API body).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TriadView))]
[JsonSerializable(typeof(CreateTriadRequest))]
[JsonSerializable(typeof(TriadRolesRequest))]
[JsonSerializable(typeof(ReplaceTriadNodeRequest))]
[JsonSerializable(typeof(DissolveTriadResult))]
[JsonSerializable(typeof(NoQuorumProblem))]
[JsonSerializable(typeof(CreatedTriad))]
[JsonSerializable(typeof(DissolveTriadRequest))]
[JsonSerializable(typeof(MoveIncompleteProblem))]
internal sealed partial class TriadJsonContext : JsonSerializerContext;
