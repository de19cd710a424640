using System.Text.Json;

namespace OrleansLicense.Silo.Tests.Fuzz;

/// <summary>One operation of the OpenAPI document, as the fuzzer uses it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path template (<c>/api/v1/sessions/{id}</c>).</param>
/// <param name="Operation">The operation object of the document.</param>
public sealed record FuzzOperation(string Method, string Path, JsonElement Operation)
{
    public string Id => Operation.TryGetProperty("operationId", out var id) ? id.GetString() ?? Path : Path;

    /// <summary>True when the operation declares the admin bearer token.</summary>
    public bool NeedsAdminToken => Operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(r => r.TryGetProperty("AdminToken", out _));

    /// <summary>The JSON schema of the request body, if it takes one.</summary>
    public JsonElement? BodySchema => Operation.TryGetProperty("requestBody", out var body)
        && body.GetProperty("content").TryGetProperty("application/json", out var json)
        && json.TryGetProperty("schema", out var schema) ? schema : null;

    /// <summary>The parameters (path and query) with their schemas.</summary>
    public IEnumerable<(string Name, string In, bool Required, JsonElement Schema)> Parameters =>
        Operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Select(p => (
                p.GetProperty("name").GetString()!,
                p.GetProperty("in").GetString()!,
                p.TryGetProperty("required", out var r) && r.GetBoolean(),
                p.TryGetProperty("schema", out var s) ? s : default))
            : [];

    /// <summary>The documented response for <paramref name="status"/>, if any.</summary>
    public JsonElement? Response(int status) => Operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) ? response : null;

    /// <summary>Every operation of the document.</summary>
    public static List<FuzzOperation> All(JsonElement document)
        => [.. document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(m => new FuzzOperation(m.Name.ToUpperInvariant(), path.Name, m.Value)))];
}
