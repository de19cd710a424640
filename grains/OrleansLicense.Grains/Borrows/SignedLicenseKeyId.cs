using System.Text.Json;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Grains.Borrows;

/// <summary>Reads the signing key's id from a stored (already verified) signed license file.</summary>
internal static class SignedLicenseKeyId
{
    /// <summary>The <c>keyId</c> of the file, or an empty string when it has none.</summary>
    public static string Read(string signedDocument)
    {
        if (string.IsNullOrEmpty(signedDocument))
        {
            return "";
        }

        using var document = JsonDocument.Parse(signedDocument);
        return document.RootElement.TryGetProperty(SignedLicenseFormat.KeyId, out var keyId) && keyId.ValueKind == JsonValueKind.String
            ? keyId.GetString() ?? ""
            : "";
    }
}
