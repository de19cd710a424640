using Microsoft.OpenApi;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Usage;

namespace OrleansLicense.Silo.Endpoints.OpenApi;

/// <summary>
/// The signed files the API takes and gives as they are (a license, offline borrow request and return files, the
/// borrow certificate, the usage export): JSON objects, <c>{"&lt;payload&gt;": {…}, "keyId": "…", "signature": "…"}</c>.
/// They are read and written as text so their signed bytes stay untouched, which the generator saw as strings (#14 item 10).
/// </summary>
internal static class SignedFileSchemas
{
    /// <summary>The payload member of each operation's request file, by operation id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Requests = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ImportLicense"] = SignedLicenseFormat.License,
        ["LendOffline"] = BorrowRequestFile.PayloadName,
        ["ReturnOffline"] = BorrowReturnFile.PayloadName,
    };

    /// <summary>The status and payload member of each operation's answered file, by operation id.</summary>
    public static readonly IReadOnlyDictionary<string, (string Status, string Payload)> Responses = new Dictionary<string, (string Status, string Payload)>(StringComparer.Ordinal)
    {
        ["LendOffline"] = ("201", BorrowCertificate.PayloadName),
        ["ExportUsage"] = ("200", UsageExportFile.PayloadName),
    };

    /// <summary>The schema of a signed file with <paramref name="payload"/>.</summary>
    public static OpenApiSchema Envelope(string payload) => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"A signed file as written by its signer: the '{payload}' object, the signing key's id and the signature over the payload's canonical JSON. Sent and kept byte for byte.",
        Required = new HashSet<string>([payload, "keyId", "signature"], StringComparer.Ordinal),
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [payload] = new OpenApiSchema { Type = JsonSchemaType.Object },
            ["keyId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["signature"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Base64." },
        },
    };

    /// <summary>Puts the envelope schemas on the operation's request body and answer, when it has signed files.</summary>
    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is not { } id)
        {
            return;
        }

        if (Requests.TryGetValue(id, out var request) && operation.RequestBody is OpenApiRequestBody body)
        {
            body.Required = true;
            body.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType { Schema = Envelope(request) },
            };
        }

        if (Responses.TryGetValue(id, out var response)
            && operation.Responses is { } responses
            && responses.TryGetValue(response.Status, out var answer)
            && answer is OpenApiResponse typed)
        {
            typed.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType { Schema = Envelope(response.Payload) },
            };
        }
    }
}
