using System.Text.Json.Serialization;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Source-generated JSON for the suspicion column (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SuspectVoteRow[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
