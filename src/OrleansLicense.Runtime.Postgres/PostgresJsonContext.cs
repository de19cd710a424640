using System.Text.Json.Serialization;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Source-generated JSON for the suspicion column (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SuspectVoteRow[]))]
internal sealed partial class PostgresJsonContext : JsonSerializerContext;
