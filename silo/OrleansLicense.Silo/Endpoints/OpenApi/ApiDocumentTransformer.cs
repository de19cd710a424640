using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.OpenApi;

/// <summary>
/// Completes the generated document so that it describes what the server does and passes an OpenAPI linter
/// (#14 item 10): tags with descriptions, a server URL relative to the document, the gateway operations declared
/// as needing no credentials, the answers every operation can give (400 for an unreadable request, 429 for a
/// throttled admin caller), and the signed files as objects.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Sessions"] = "Client sessions: log in, heartbeat, check features out and in, log out (no credentials).",
        ["Cluster"] = "The grid's gateways (no credentials).",
        ["Health"] = "Whether this silo serves (no credentials).",
        ["Usage"] = "Usage statistics: client uploads and the vendor's exports (R-USE-1..3).",
        ["Licenses"] = "Imported licenses (admin token).",
        ["Sessions (admin)"] = "Every open session, and kicking one out (admin token).",
        ["Settings"] = "Client timeout, borrow rules and maintenance mode (admin token).",
        ["Status"] = "The cluster's silos, licenses and sessions (admin token).",
        ["Dashboard"] = "The web console's data (admin token).",
        ["Borrows"] = "Seats lent for offline use, online and by file (R-BOR-1..5).",
        ["Peaks"] = "Daily peaks of use (R-USE-3).",
        ["Faults"] = "Fault injection for partition tests (admin token, off unless enabled).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OrleansLicense HTTP API";
        document.Info.Description = "The gateway API for licensed applications and the admin API of an OrleansLicense silo. "
            + "Every error is application/problem+json with a stable code (ApiProblem.code).";
        // Relative to where the document was fetched: the generator copied the request's Host header in (#14 item 4),
        // and every silo of a grid serves the same API.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The silo that served this document (any silo of the grid)." }];

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
            else
            {
                tag.Description ??= $"The {tag.Name} endpoints.";
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var admin = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == AdminAuthentication.Policy);
        if (!admin)
        {
            // An empty requirement: explicitly no credentials.
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement());
        }

        operation.Responses ??= [];
        AddProblem(operation.Responses, "400", "Bad Request", context.Document);
        if (admin)
        {
            AddProblem(operation.Responses, "429", "Too Many Requests (wrong admin tokens from this address; see Retry-After)", context.Document);
        }

        SignedFileSchemas.Apply(operation);
        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiResponses responses, string status, string description, OpenApiDocument? document)
    {
        if (responses.ContainsKey(status))
        {
            return;
        }

        responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ApiProblem", document) },
            },
        };
    }
}
