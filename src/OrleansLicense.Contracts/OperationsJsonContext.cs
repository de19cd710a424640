using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Contracts;

/// <summary>Source-generated JSON for the operations contracts (network settings, admin access rules), camelCase like the rest.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NetworkSettingsView))]
[JsonSerializable(typeof(NetworkSettingsRequest))]
[JsonSerializable(typeof(AccessListView))]
[JsonSerializable(typeof(AccessRuleRequest))]
[JsonSerializable(typeof(NamedAdminRequest))]
[JsonSerializable(typeof(NamedAdminCreated))]
public sealed partial class OperationsJsonContext : JsonSerializerContext;
