using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Dashboard.Views;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>Source-generated JSON of the dashboard's own answers (camelCase, like the rest of the API).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DashboardOverview))]
[JsonSerializable(typeof(DashboardStats))]
[JsonSerializable(typeof(DashboardLogEntry))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext
{
    /// <summary>The context with the API's relaxed escaping, for bodies written outside minimal API results (the log stream).</summary>
    public static DashboardJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = ApiJson.Encoder });
}
