using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OrleansLicense.Silo.Tests.Fuzz;

/// <summary>
/// Checks answers against the document's schemas with JsonSchema.Net (JSON Schema 2020-12, OpenAPI 3.1's dialect):
/// each schema is evaluated with the document's component schemas as its <c>$defs</c>.
/// </summary>
public sealed class ResponseSchemas(JsonElement document)
{
    private const string ComponentRef = "#/components/schemas/";

    private readonly JsonNode _defs = JsonNode.Parse(document.GetProperty("components").GetProperty("schemas").GetRawText().Replace(ComponentRef, "#/$defs/", StringComparison.Ordinal))!;
    private readonly ConcurrentDictionary<string, JsonSchema> _built = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="body"/> matches <paramref name="schema"/>, else what differs.</summary>
    public string? Check(JsonElement schema, JsonElement body)
    {
        var built = _built.GetOrAdd(schema.GetRawText(), text =>
        {
            var node = JsonNode.Parse(text.Replace(ComponentRef, "#/$defs/", StringComparison.Ordinal))!.AsObject();
            node["$defs"] = _defs.DeepClone();
            return JsonSchema.FromText(node.ToJsonString(), baseUri: new Uri($"https://orleanslicense.test/fuzz/{Guid.NewGuid():N}"));
        });
        var result = built.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? null : JsonSerializer.Serialize(result);
    }
}
