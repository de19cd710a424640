using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrleansLicense.Licensing.Canonicalization;

/// <summary>
/// The canonical byte form of a JSON value, the exact bytes that get signed. Rules:
/// UTF-8 without BOM; no insignificant whitespace; object members sorted by ordinal comparison of
/// their UTF-16 names (as RFC 8785), recursively; duplicate names refused; strings re-escaped with a
/// fixed rule (only <c>"</c>, <c>\</c> and control characters are escaped: <c>\b \f \n \r \t</c>
/// or lowercase <c>\u00xx</c>; everything else is written as literal UTF-8); numbers copied from
/// their raw text; <c>true</c>, <c>false</c>, <c>null</c> as is.
/// </summary>
/// <remarks>
/// The escaping is hand-written rather than delegated to a <c>JavaScriptEncoder</c> so the signed
/// bytes can never change with a runtime upgrade. Canonicalise the raw <see cref="JsonElement"/>
/// of a received document, never a re-serialised object: re-serialising would drop unknown fields
/// and normalise casing, hiding tampering from the signature.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>Strict parse settings: duplicates refused, no comments, no trailing commas.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    // Throws on lone surrogates instead of silently writing U+FFFD, so two distinct inputs cannot
    // canonicalise to the same bytes.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of the element.</summary>
    /// <exception cref="JsonException">An object holds a duplicate name, or a string holds an unpaired surrogate.</exception>
    public static byte[] Canonicalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses UTF-8 JSON strictly (see <see cref="DocumentOptions"/>) and returns its canonical bytes.</summary>
    /// <exception cref="JsonException">The input is not valid JSON, or see <see cref="Canonicalize(JsonElement)"/>.</exception>
    public static byte[] Canonicalize(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Parse(utf8Json);
        return Canonicalize(document.RootElement);
    }

    /// <summary>Parses JSON text strictly (see <see cref="DocumentOptions"/>) and returns its canonical bytes.</summary>
    /// <exception cref="JsonException">The input is not valid JSON, or see <see cref="Canonicalize(JsonElement)"/>.</exception>
    public static byte[] Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json);
        return Canonicalize(document.RootElement);
    }

    /// <summary>Parses UTF-8 JSON with <see cref="DocumentOptions"/>; every failure surfaces as <see cref="JsonException"/>.</summary>
    /// <exception cref="JsonException">Invalid UTF-8 or JSON, duplicate properties, or an undecodable property name.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json) => ParseStrictly(() => JsonDocument.Parse(utf8Json, DocumentOptions));

    /// <summary>Parses JSON text with <see cref="DocumentOptions"/>; every failure surfaces as <see cref="JsonException"/>.</summary>
    /// <exception cref="JsonException">Invalid JSON, duplicate properties, or an undecodable property name.</exception>
    public static JsonDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ParseStrictly(() => JsonDocument.Parse(json, DocumentOptions));
    }

    /// <summary>Serialises a value with the given options and returns the canonical bytes of the result.</summary>
    public static byte[] Serialize<T>(T value, JsonSerializerOptions options)
    {
        using var document = JsonSerializer.SerializeToDocument(value, options);
        return Canonicalize(document.RootElement);
    }

    private static JsonDocument ParseStrictly(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidOperationException ex)
        {
            // The duplicate-property check decodes names and throws this for unpaired surrogates.
            throw new JsonException("A JSON property name cannot be decoded.", ex);
        }
    }

    private static void Write(JsonElement element, ArrayBufferWriter<byte> output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    Write(item, output);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(GetString(element), output);
                break;
            case JsonValueKind.Number:
                // Raw text keeps the exact digits the signer saw; no float round-trip can alter them.
                WriteAscii(element.GetRawText(), output);
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new JsonException($"Cannot canonicalise a JSON value of kind {element.ValueKind}.");
        }
    }

    private static void WriteObject(JsonElement element, ArrayBufferWriter<byte> output)
    {
        var members = new List<(string Name, JsonElement Value)>();
        foreach (var property in element.EnumerateObject())
        {
            members.Add((GetName(property), property.Value));
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                // Sorted, so duplicates are neighbours; the element may come from a lenient parse.
                if (string.Equals(members[i].Name, members[i - 1].Name, StringComparison.Ordinal))
                {
                    throw new JsonException($"Duplicate JSON property '{members[i].Name}'.");
                }

                output.Write(","u8);
            }

            WriteString(members[i].Name, output);
            output.Write(":"u8);
            Write(members[i].Value, output);
        }

        output.Write("}"u8);
    }

    private static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A JSON string cannot be decoded.", ex);
        }
    }

    private static string GetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A JSON property name cannot be decoded.", ex);
        }
    }

    private static void WriteString(string value, ArrayBufferWriter<byte> output)
    {
        output.Write("\""u8);
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            WriteUtf8(value.AsSpan(runStart, i - runStart), output);
            runStart = i + 1;
            switch (c)
            {
                case '"': output.Write("\\\""u8); break;
                case '\\': output.Write("\\\\"u8); break;
                case '\b': output.Write("\\b"u8); break;
                case '\f': output.Write("\\f"u8); break;
                case '\n': output.Write("\\n"u8); break;
                case '\r': output.Write("\\r"u8); break;
                case '\t': output.Write("\\t"u8); break;
                default: WriteAscii($"\\u{(int)c:x4}", output); break;
            }
        }

        WriteUtf8(value.AsSpan(runStart), output);
        output.Write("\""u8);
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, ArrayBufferWriter<byte> output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        try
        {
            var span = output.GetSpan(StrictUtf8.GetMaxByteCount(text.Length));
            output.Advance(StrictUtf8.GetBytes(text, span));
        }
        catch (EncoderFallbackException ex)
        {
            throw new JsonException("A JSON string holds an unpaired surrogate.", ex);
        }
    }

    private static void WriteAscii(string text, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length);
        output.Advance(Encoding.ASCII.GetBytes(text, span));
    }
}
