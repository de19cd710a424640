using System.Net;
using System.Text.Json;

namespace OrleansLicense.Cli.Http;

/// <summary>Turns an error response into a <see cref="CliException"/> carrying the API's stable code and sentence.</summary>
internal static class ProblemReader
{
    public static CliException ToException(HttpStatusCode status, string? reasonPhrase, string body)
    {
        string? code = null;
        string? detail = null;
        string? title = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = ReadString(document.RootElement, "code");
                detail = ReadString(document.RootElement, "detail");
                title = ReadString(document.RootElement, "title");
            }
        }
        catch (JsonException)
        {
            // Not problem details (an empty 401 from middleware, an HTML page from a proxy): fall back below.
        }

        var numeric = (int)status;
        var sentence = detail ?? title ?? $"the server answered {numeric} {reasonPhrase ?? status.ToString()}";
        return new CliException(code ?? FallbackCode(status), sentence, ExitCodes.Failure);
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>Codes for answers without a body, matching the API's table so scripts see the same code either way.</summary>
    private static string FallbackCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "bad_request",
        HttpStatusCode.Unauthorized => "unauthorized",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.NotFound => "not_found",
        HttpStatusCode.RequestEntityTooLarge => "payload_too_large",
        HttpStatusCode.InternalServerError => "internal_error",
        _ => $"http_{(int)status}",
    };
}
