using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Endpoints.OpenApi;

/// <summary>
/// Lists API.md's error table in the document: the problem body's <c>code</c> is one of the stable codes, each
/// described with its usual status, so a client generated from the document knows them all (#14 item 6).
/// </summary>
internal sealed class ProblemCodeSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string[] Codes = [.. typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ApiProblem)
            && schema.Properties is { } properties
            && properties.TryGetValue("code", out var code)
            && code is OpenApiSchema codeSchema)
        {
            codeSchema.Enum = [.. Codes.Select(c => (JsonNode)JsonValue.Create(c))];
            codeSchema.Description = "The stable error code: " + string.Join(", ", Codes.Select(c => $"{c} ({ErrorStatus.StatusOf(c)})")) + ".";
        }

        return Task.CompletedTask;
    }
}
