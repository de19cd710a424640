using System.Text.Json;
using OrleansLicense.Licensing.Canonicalization;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Signing;

/// <summary>
/// Verifies signed license files (server side). Checks, in order: file shape, trusted key,
/// signature over the canonical license, document shape and values, product allowed for the key,
/// expiry, binding. Nothing from the document is trusted before the signature has been checked.
/// </summary>
public static class LicenseVerifier
{
    /// <summary>Verifies the file text; see <see cref="Verify(ReadOnlyMemory{byte}, TrustedKeyStore, DateTimeOffset, ServerIdentity?)"/>.</summary>
    public static LicenseDocument Verify(string fileText, TrustedKeyStore trustedKeys, DateTimeOffset now, ServerIdentity? server)
    {
        ArgumentNullException.ThrowIfNull(fileText);
        return Verify(ParseAndCheck(() => CanonicalJson.Parse(fileText)), trustedKeys, now, server);
    }

    /// <summary>Verifies a license file and returns its document.</summary>
    /// <param name="utf8File">The file bytes (UTF-8).</param>
    /// <param name="trustedKeys">The vendor keys this server trusts.</param>
    /// <param name="now">The current time: the license is expired when <c>Expires &lt;= now</c>.</param>
    /// <param name="server">This server, for binding checks; null skips them (offline inspection tools only).</param>
    /// <exception cref="LicenseValidationException">The license is refused; see <see cref="LicenseErrorCodes"/>.</exception>
    public static LicenseDocument Verify(ReadOnlyMemory<byte> utf8File, TrustedKeyStore trustedKeys, DateTimeOffset now, ServerIdentity? server) =>
        Verify(ParseAndCheck(() => CanonicalJson.Parse(utf8File)), trustedKeys, now, server);

    private static LicenseDocument Verify(JsonDocument file, TrustedKeyStore trustedKeys, DateTimeOffset now, ServerIdentity? server)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        using (file)
        {
            var (license, keyId, signature) = ReadEnvelopeSafely(file.RootElement);
            if (!trustedKeys.TryGet(keyId, out var trusted))
            {
                throw Invalid($"The license is signed by key '{keyId}', which is not trusted.");
            }

            byte[] canonical;
            try
            {
                canonical = CanonicalJson.Canonicalize(license);
            }
            catch (JsonException ex)
            {
                throw Invalid($"The license cannot be canonicalised: {ex.Message}", ex);
            }

            if (!trusted.Key.CreateVerifier().Verify(canonical, signature))
            {
                throw Invalid($"The signature does not match the license content for key '{keyId}'.");
            }

            var document = ReadDocument(license);
            if (!trusted.AllowsProduct(document.Product))
            {
                throw Invalid($"Key '{keyId}' is not allowed to sign licenses for product '{document.Product}'.");
            }

            CheckExpiry(document, now);
            if (server is not null)
            {
                CheckBinding(document, server);
            }

            return document;
        }
    }

    private static JsonDocument ParseAndCheck(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            // Covers invalid UTF-8, broken syntax, duplicate properties and undecodable names alike.
            throw Invalid($"The license file is not valid JSON: {ex.Message}", ex);
        }
    }

    private static (JsonElement License, string KeyId, byte[] Signature) ReadEnvelopeSafely(JsonElement root)
    {
        try
        {
            return ReadEnvelope(root);
        }
        catch (InvalidOperationException ex)
        {
            // Escaped unpaired surrogates parse fine but cannot be read as strings.
            throw Invalid($"The license file holds an undecodable string: {ex.Message}", ex);
        }
    }

    private static (JsonElement License, string KeyId, byte[] Signature) ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The license file is not a JSON object.");
        }

        JsonElement? license = null;
        string? keyId = null;
        string? signatureText = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case SignedLicenseFormat.License when property.Value.ValueKind == JsonValueKind.Object:
                    license = property.Value;
                    break;
                case SignedLicenseFormat.KeyId when property.Value.ValueKind == JsonValueKind.String:
                    keyId = property.Value.GetString();
                    break;
                case SignedLicenseFormat.Signature when property.Value.ValueKind == JsonValueKind.String:
                    signatureText = property.Value.GetString();
                    break;
                default:
                    throw Invalid($"Unexpected property '{property.Name}' ({property.Value.ValueKind}) in the license file.");
            }
        }

        if (license is null || keyId is null || signatureText is null)
        {
            throw Invalid($"The license file must have '{SignedLicenseFormat.License}', '{SignedLicenseFormat.KeyId}' and '{SignedLicenseFormat.Signature}'.");
        }

        return (license.Value, keyId, DecodeSignature(signatureText));
    }

    private static byte[] DecodeSignature(string text)
    {
        // Base64 decoding tolerates whitespace and ignores the unused low bits of the last character,
        // so several texts decode to one signature. Requiring the exact re-encoding makes the text
        // canonical too: any change to it is refused.
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written)
            || !string.Equals(Convert.ToBase64String(buffer, 0, written), text, StringComparison.Ordinal))
        {
            throw Invalid("The signature is not canonical base64.");
        }

        return buffer[..written];
    }

    private static LicenseDocument ReadDocument(JsonElement license)
    {
        LicenseDocument document;
        try
        {
            document = LicenseJson.Deserialize(license);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The license content is malformed: {ex.Message}", ex);
        }

        var problems = LicenseDocumentValidator.Validate(document);
        if (problems.Count > 0)
        {
            throw Invalid($"The license content is invalid: {string.Join(" ", problems)}");
        }

        return document;
    }

    private static void CheckExpiry(LicenseDocument document, DateTimeOffset now)
    {
        // The expiry instant itself is already expired: a license is valid while now < Expires.
        if (document.Expires is { } expires && expires <= now)
        {
            throw new LicenseValidationException(
                LicenseErrorCodes.Expired,
                $"License '{document.Id}' expired at {expires:O}.");
        }
    }

    private static void CheckBinding(LicenseDocument document, ServerIdentity server)
    {
        var binding = document.Binding;
        switch (binding.Kind)
        {
            case BindingKind.Triad when server.TriadId is null:
                throw Mismatch($"License '{document.Id}' is bound to triad '{binding.Id}' and does not work on a single server or a plain grid.");
            case BindingKind.Triad when !SameId(binding.Id, server.TriadId):
                throw Mismatch($"License '{document.Id}' is bound to triad '{binding.Id}', not to this triad '{server.TriadId ?? "(none)"}'.");
            case BindingKind.Triad:
                break;
            case BindingKind.None when server.TriadId is not null:
                throw Mismatch($"License '{document.Id}' is not bound to a triad; a triad takes only licenses issued for it (--bind triad:{server.TriadId ?? "ID"}).");
            case BindingKind.Server when server.IsTriad || server.TriadId is not null:
                throw Mismatch($"License '{document.Id}' is bound to server '{binding.Id}' and cannot be used in a triad.");
            case BindingKind.Server when !SameId(binding.Id, server.ServerId):
                throw Mismatch($"License '{document.Id}' is bound to server '{binding.Id}', not to this server '{server.ServerId}'.");
            case BindingKind.Cluster when !SameId(binding.Id, server.ClusterId):
                throw Mismatch($"License '{document.Id}' is bound to cluster '{binding.Id}', not to this cluster '{server.ClusterId ?? "(none)"}'.");
            default:
                break;
        }
    }

    /// <summary>Ids are compared ignoring case: GUID-like ids are often written in either case.</summary>
    private static bool SameId(string? bound, string? actual) =>
        actual is not null && string.Equals(bound, actual, StringComparison.OrdinalIgnoreCase);

    private static LicenseValidationException Invalid(string message, Exception? inner = null) =>
        new(LicenseErrorCodes.SignatureInvalid, message, inner);

    private static LicenseValidationException Mismatch(string message) =>
        new(LicenseErrorCodes.BindingMismatch, message);
}
