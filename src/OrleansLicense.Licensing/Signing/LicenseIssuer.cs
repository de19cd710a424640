using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Signing;

/// <summary>Issues signed license files (vendor side).</summary>
public static class LicenseIssuer
{
    /// <summary>Validates, normalises and signs the document with the vendor key; returns the file text.</summary>
    /// <exception cref="ArgumentException">The document has invalid field values (the message lists them).</exception>
    public static string Issue(LicenseDocument document, VendorKeyPair vendorKey)
    {
        ArgumentNullException.ThrowIfNull(vendorKey);
        return Issue(document, vendorKey.CreateSigner());
    }

    /// <summary>Validates, normalises and signs the document with the signer; returns the file text.</summary>
    /// <exception cref="ArgumentException">The document has invalid field values (the message lists them).</exception>
    public static string Issue(LicenseDocument document, Signer signer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signer);
        var normalized = Normalize(document);
        var problems = LicenseDocumentValidator.Validate(normalized);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Cannot issue license '{document.Id}': {string.Join(" ", problems)}", nameof(document));
        }

        var canonical = CanonicalJson.Canonicalize(LicenseJson.SerializeToUtf8Bytes(normalized));
        return Encoding.UTF8.GetString(WriteFile(canonical, signer.KeyId, signer.Sign(canonical)));
    }

    /// <summary>Distributable implies borrowable; the issuer sets it so vendors cannot forget.</summary>
    private static LicenseDocument Normalize(LicenseDocument document) =>
        document.Flags is { Distributable: true, Borrowable: false }
            ? document with { Flags = document.Flags with { Borrowable = true } }
            : document;

    private static byte[] WriteFile(byte[] canonicalLicense, string keyId, byte[] signature)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping keeps '+' of the base64 signature literal instead of "\u002B".
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(SignedLicenseFormat.License);

            // The license is written in its canonical form, so the file shows exactly the signed bytes.
            writer.WriteRawValue(canonicalLicense, skipInputValidation: true);
            writer.WriteString(SignedLicenseFormat.KeyId, keyId);
            writer.WriteString(SignedLicenseFormat.Signature, Convert.ToBase64String(signature));
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
