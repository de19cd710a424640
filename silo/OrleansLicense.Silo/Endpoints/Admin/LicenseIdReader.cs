using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>
/// Reads <c>license.id</c> from a signed license file, only to know which grain verifies it. Nothing
/// else is read here: the grain verifies the whole file (signature first) before trusting anything.
/// </summary>
internal static class LicenseIdReader
{
    /// <summary>True and the id when the text is a JSON object with a plausible <c>license.id</c>; else false and why.</summary>
    public static bool TryRead(string fileText, [NotNullWhen(true)] out string? id, [NotNullWhen(false)] out string? problem)
    {
        id = null;
        try
        {
            using var document = JsonDocument.Parse(fileText);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(SignedLicenseFormat.License, out var license)
                || license.ValueKind != JsonValueKind.Object)
            {
                problem = "The body is not a signed license file: it has no 'license' object.";
                return false;
            }

            if (!license.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { } text || string.IsNullOrWhiteSpace(text))
            {
                problem = "The body is not a signed license file: 'license.id' is missing.";
                return false;
            }

            if (text.Length > LicenseDocumentValidator.MaxTextLength || text.Any(char.IsControl))
            {
                problem = "The body is not a signed license file: 'license.id' is too long or has control characters.";
                return false;
            }

            id = text;
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"The body is not a signed license file: it is not valid JSON (line {ex.LineNumber + 1}).";
            return false;
        }
    }
}
