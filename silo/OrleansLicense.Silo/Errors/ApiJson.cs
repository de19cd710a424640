using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts;

namespace OrleansLicense.Silo.Errors;

/// <summary>The JSON settings of every request and response: the contracts' source-generated metadata, camelCase, readable text.</summary>
internal static class ApiJson
{
    /// <summary>
    /// Relaxed escaping keeps apostrophes and angle brackets literal in details ("'draw'" rather than
    /// "\u0027draw\u0027"); safe because responses are served as JSON, never embedded in HTML.
    /// </summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The contracts context with <see cref="Encoder"/>, for bodies written outside minimal API results.</summary>
    public static ContractsJsonContext Contracts { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = Encoder });

    /// <summary>The reader settings of raw JSON bodies (signed files): duplicate keys refused, as the signed files' own reader does.</summary>
    public static JsonDocumentOptions Documents { get; } = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The minimal APIs' settings. Requests are read strictly (#14 items 5 and 10): a key given twice is refused
    /// (at any depth, in objects and dictionaries; otherwise the last one silently wins), and a number must be a
    /// JSON number (the web defaults also accept "1"), so the server accepts exactly what its OpenAPI document says.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
        options.Encoder = Encoder;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
