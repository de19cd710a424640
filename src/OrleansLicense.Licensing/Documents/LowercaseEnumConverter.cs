using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Licensing.Documents;

/// <summary>
/// Writes an enum as its lowercase name and reads only that exact spelling. Stricter than
/// JsonStringEnumConverter, which also accepts other casings, numbers and comma lists.
/// </summary>
internal sealed class LowercaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> byName =
        Enum.GetValues<TEnum>().ToDictionary(value => value.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(TEnum).Name}.");
        }

        var text = reader.GetString()!;
        return byName.TryGetValue(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a {typeof(TEnum).Name}; expected one of: {string.Join(", ", byName.Keys)}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        if (!Enum.IsDefined(value))
        {
            throw new JsonException($"{value} is not a defined {typeof(TEnum).Name}.");
        }

        writer.WriteStringValue(value.ToString().ToLowerInvariant());
    }
}
