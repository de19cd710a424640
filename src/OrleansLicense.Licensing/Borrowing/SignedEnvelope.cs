using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>
/// The shape every signed JSON file of borrowing and usage shares, the same as a license file's:
/// <c>{"&lt;payload name&gt;": {...}, "keyId": "…", "signature": "&lt;base64&gt;"}</c>, where the signature is ECDSA
/// P-256/SHA-256 (IEEE P1363) over the canonical bytes (<see cref="CanonicalJson"/>) of the payload element. The
/// payload is written in its canonical form, so the file shows exactly the signed bytes.
/// </summary>
internal static class SignedEnvelope
{
    public const string KeyIdName = "keyId";

    public const string SignatureName = "signature";

    /// <summary>Serialises the payload (strict camelCase JSON), signs its canonical bytes and returns the file text.</summary>
    public static string Write<T>(string payloadName, T payload, VendorKeyPair key)
    {
        var canonical = CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(payload, LicenseJson.Options));
        var signature = key.CreateSigner().Sign(canonical);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(payloadName);
            writer.WriteRawValue(canonical, skipInputValidation: true);
            writer.WriteString(KeyIdName, key.KeyId);
            writer.WriteString(SignatureName, Convert.ToBase64String(signature));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Takes a file apart without trusting anything in it yet.</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid: not the envelope's exact shape.</exception>
    public static OpenedEnvelope Open(string text, string payloadName, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = CanonicalJson.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw SignedFileException.Invalid($"The {what} is not a JSON object.");
            }

            byte[]? canonical = null;
            string? keyId = null;
            string? signature = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case var name when name == payloadName && property.Value.ValueKind == JsonValueKind.Object:
                        canonical = CanonicalJson.Canonicalize(property.Value);
                        break;
                    case KeyIdName when property.Value.ValueKind == JsonValueKind.String:
                        keyId = property.Value.GetString();
                        break;
                    case SignatureName when property.Value.ValueKind == JsonValueKind.String:
                        signature = property.Value.GetString();
                        break;
                    default:
                        throw SignedFileException.Invalid($"Unexpected property '{property.Name}' in the {what}.");
                }
            }

            if (canonical is null || keyId is null || signature is null)
            {
                throw SignedFileException.Invalid($"The {what} must have '{payloadName}', '{KeyIdName}' and '{SignatureName}'.");
            }

            return new OpenedEnvelope(canonical, keyId, DecodeBase64(signature, "signature", what));
        }
        catch (JsonException ex)
        {
            throw SignedFileException.Invalid($"The {what} is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw SignedFileException.Invalid($"The {what} holds an undecodable string: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Checks the signature with <paramref name="embeddedKey"/> (the base64 SPKI the payload names as its signer), and
    /// when <paramref name="pinned"/> is given, that the signer is that key.
    /// </summary>
    /// <returns>The signer's public key.</returns>
    /// <exception cref="SignedFileException">borrow_file_invalid.</exception>
    public static VendorPublicKey Verify(OpenedEnvelope envelope, string embeddedKey, VendorPublicKey? pinned, string what)
    {
        VendorPublicKey signer;
        try
        {
            signer = VendorPublicKey.FromSubjectPublicKeyInfo(DecodeBase64(embeddedKey, "signer key", what));
        }
        catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException)
        {
            // A changed curve OID surfaces as "platform not supported" from the native import.
            throw SignedFileException.Invalid($"The {what} names a signer key that is not a P-256 public key: {ex.Message}", ex);
        }

        if (!string.Equals(signer.KeyId, envelope.KeyId, StringComparison.Ordinal))
        {
            throw SignedFileException.Invalid($"The {what} says it is signed by key '{envelope.KeyId}' but names key '{signer.KeyId}'.");
        }

        if (pinned is not null && !string.Equals(pinned.KeyId, signer.KeyId, StringComparison.Ordinal))
        {
            throw SignedFileException.Invalid($"The {what} is signed by key '{signer.KeyId}', not by the expected key '{pinned.KeyId}'.");
        }

        if (!signer.CreateVerifier().Verify(envelope.Canonical, envelope.Signature))
        {
            throw SignedFileException.Invalid($"The signature of the {what} does not match its content: it was changed after signing.");
        }

        return signer;
    }

    /// <summary>Reads the verified payload into its record, strictly (unknown, missing or duplicate members refused).</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid.</exception>
    public static T Read<T>(OpenedEnvelope envelope, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(envelope.Canonical, LicenseJson.Options)
                ?? throw SignedFileException.Invalid($"The {what} content is null.");
        }
        catch (JsonException ex)
        {
            throw SignedFileException.Invalid($"The {what} content is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>SHA-256 of the payload's canonical bytes, lowercase hex: what a response names its request by.</summary>
    public static string Digest(OpenedEnvelope envelope) => Convert.ToHexStringLower(SHA256.HashData(envelope.Canonical));

    /// <summary>Decodes canonical base64 only: any other spelling of the same bytes is refused, so every change to the text shows.</summary>
    public static byte[] DecodeBase64(string text, string field, string what)
    {
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written)
            || !string.Equals(Convert.ToBase64String(buffer, 0, written), text, StringComparison.Ordinal))
        {
            throw SignedFileException.Invalid($"The {field} of the {what} is not canonical base64.");
        }

        return buffer[..written];
    }
}
