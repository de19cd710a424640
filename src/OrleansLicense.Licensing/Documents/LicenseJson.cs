using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OrleansLicense.Licensing.Documents;

/// <summary>
/// The one JSON shape of a <see cref="LicenseDocument"/>: camelCase, lowercase enums, and strict
/// reading (duplicate, unknown or missing members refused; null only where the type allows it).
/// </summary>
public static class LicenseJson
{
    /// <summary>The read-only serializer options for license documents.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises the document (not canonicalised; see <c>CanonicalJson</c> for the signed form).</summary>
    public static byte[] SerializeToUtf8Bytes(LicenseDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Options);

    /// <summary>Reads a document strictly. Does not check field values: see <see cref="LicenseDocumentValidator"/>.</summary>
    /// <exception cref="JsonException">The JSON does not have the document's exact shape.</exception>
    public static LicenseDocument Deserialize(JsonElement element) =>
        element.Deserialize<LicenseDocument>(Options)
        ?? throw new JsonException("The license is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new LowercaseEnumConverter<LicenseEdition>());
        options.Converters.Add(new LowercaseEnumConverter<BindingKind>());

        // Frozen so the shared instance is not mutable state.
        options.MakeReadOnly();
        return options;
    }
}
