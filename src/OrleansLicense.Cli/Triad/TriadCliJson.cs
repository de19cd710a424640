using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Cli.Triad;

/// <summary>GET /api/v1/admin/triad, as the CLI reads it.</summary>
internal sealed record TriadAnswer(
    string Id,
    string Name,
    string? Active,
    bool Quorum,
    string AnsweredBy,
    List<TriadServerAnswer> Servers,
    int? Licenses,
    DateTimeOffset? ActiveSince,
    int Failovers);

/// <summary>One server of the triad.</summary>
internal sealed record TriadServerAnswer(string Silo, string Role, string Status, bool IsActive, List<string> Addresses, int SiloPort, int? HttpPort, int? Licenses);

/// <summary>POST /api/v1/admin/triad.</summary>
internal sealed record TriadCreateBody(string Name, string? Id, string Primary, string Secondary, string Tertiary, List<JsonElement> Licenses);

/// <summary>The answer of POST /api/v1/admin/triad.</summary>
internal sealed record TriadCreatedAnswer(TriadAnswer Triad);

/// <summary>PUT /api/v1/admin/triad/roles.</summary>
internal sealed record TriadRolesBody(string? Primary, string? Secondary, string? Tertiary);

/// <summary>POST /api/v1/admin/triad/replace.</summary>
internal sealed record TriadReplaceBody(string Node, string With);

/// <summary>The answer of DELETE /api/v1/admin/triad.</summary>
internal sealed record TriadDissolvedAnswer(string Dissolved, string Name, string Licenses, List<string> Affected, string? MovedTo = null);

/// <summary>The body of DELETE /api/v1/admin/triad with --licenses move: the target server and its admin token.</summary>
internal sealed record TriadDissolveBody(string To, string ToToken);

/// <summary>Source-generated JSON of the triad commands.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TriadAnswer))]
[JsonSerializable(typeof(TriadCreateBody))]
[JsonSerializable(typeof(TriadCreatedAnswer))]
[JsonSerializable(typeof(TriadRolesBody))]
[JsonSerializable(typeof(TriadReplaceBody))]
[JsonSerializable(typeof(TriadDissolvedAnswer))]
[JsonSerializable(typeof(TriadDissolveBody))]
internal sealed partial class TriadCliJson : JsonSerializerContext;
