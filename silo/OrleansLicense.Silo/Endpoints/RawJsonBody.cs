using System.Text;
using System.Text.Json;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Endpoints;

/// <summary>
/// Reads a signed file's body as text (re-serialising could change the signed bytes), after checking that it is
/// one well-formed JSON object without a key given twice: anything else is the client's malformed request,
/// 400 <c>bad_request</c>, not a file that failed verification (#14 items 5 and 6).
/// </summary>
internal static class RawJsonBody
{
    /// <summary>The body's text, or the 400 problem that answers it.</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string text;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var document = JsonDocument.Parse(text, ApiJson.Documents);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (text, null)
                : (null, ApiProblems.BadRequest($"The request body must be a JSON object (was {document.RootElement.ValueKind.ToString().ToLowerInvariant()})."));
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            return (null, ApiProblems.BadRequest($"The request body is not valid JSON{where} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}"));
        }
    }

    // System.Text.Json's messages end with the path and position, which the detail already gives.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
