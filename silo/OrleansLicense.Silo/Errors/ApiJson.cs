using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansLicense.Contracts;

namespace OrleansLicense.Silo.Errors;

/// <summary>The JSON settings of every response: the contracts' source-generated metadata, camelCase, readable text.</summary>
internal static class ApiJson
{
    /// <summary>
    /// Relaxed escaping keeps apostrophes and angle brackets literal in details ("'draw'" rather than
    /// "\u0027draw\u0027"); safe because responses are served as JSON, never embedded in HTML.
    /// </summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The contracts context with <see cref="Encoder"/>, for bodies written outside minimal API results.</summary>
    public static ContractsJsonContext Contracts { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = Encoder });
}
