using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Contracts;

/// <summary>Source-generated JSON for the operations contracts (network settings, admin access rules), camelCase like the rest.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NetworkSettingsView))]
[JsonSerializable(typeof(NetworkSettingsRequest))]
public sealed partial class OperationsJsonContext : JsonSerializerContext;
