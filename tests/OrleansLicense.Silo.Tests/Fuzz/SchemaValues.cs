using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansLicense.Silo.Tests.Fuzz;

/// <summary>
/// Generates JSON values from the document's schemas (#14 item 10): mostly values the schema allows, biased towards
/// its limits and towards the names the silo knows (so that calls get past "not found"), and some that it does not
/// allow (a required member left out, a wrong type, a value past a limit, control characters), which the server
/// must refuse with a documented 4xx.
/// </summary>
public sealed class SchemaValues(JsonElement schemas, Random random, SchemaValues.Known known)
{
    /// <summary>Names and ids the silo holds, which generated values pick often.</summary>
    public sealed record Known(IReadOnlyList<string> Products, IReadOnlyList<string> Features, IReadOnlyList<string> Ids, DateTimeOffset Now);

    private const int MaxDepth = 6;

    /// <summary>A value for <paramref name="schema"/>; <paramref name="name"/> is the member it is for.</summary>
    public JsonNode? For(JsonElement schema, string? name = null, int depth = 0)
    {
        schema = Resolve(schema);
        if (depth > MaxDepth)
        {
            return null;
        }

        // Now and then a value the schema does not allow.
        if (random.Next(40) == 0)
        {
            return Wrong();
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().ToList();
            return random.Next(10) == 0 ? JsonValue.Create(Text(name)) : JsonNode.Parse(options[random.Next(options.Count)].GetRawText());
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var choices))
            {
                var list = choices.EnumerateArray().ToList();
                return For(list[random.Next(list.Count)], name, depth + 1);
            }
        }

        var types = Types(schema);
        if (types.Contains("null") && (types.Count == 1 || random.Next(8) == 0))
        {
            return null;
        }

        var type = types.Where(t => t != "null").DefaultIfEmpty("object").ElementAt(random.Next(Math.Max(1, types.Count(t => t != "null"))));
        return type switch
        {
            "object" => Object(schema, depth),
            "array" => Array(schema, name, depth),
            "integer" => JsonValue.Create(Integer(schema)),
            "number" => JsonValue.Create(Math.Round((random.NextDouble() - 0.2) * 1000, 3)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            _ => JsonValue.Create(String(schema, name)),
        };
    }

    private JsonObject Object(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var include = required.Contains(property.Name) ? random.Next(30) != 0 : random.Next(2) == 0;
                if (include)
                {
                    result[property.Name] = For(property.Value, property.Name, depth + 1);
                }
            }
        }

        if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            var count = random.Next(4);
            for (var i = 0; i < count; i++)
            {
                result[Text("product")] = For(additional, null, depth + 1);
            }
        }

        if (random.Next(25) == 0)
        {
            result["unknownMember"] = Wrong();
        }

        return result;
    }

    private JsonArray Array(JsonElement schema, string? name, int depth)
    {
        var min = Int(schema, "minItems") ?? 0;
        var max = Math.Min(Int(schema, "maxItems") ?? 3, min + 2);
        var count = random.Next(10) == 0 ? (int)Math.Max(0, min - 1) : random.Next((int)min, (int)max + 1);
        var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : default;
        var result = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            result.Add(items.ValueKind == JsonValueKind.Undefined ? null : For(items, name, depth + 1));
        }

        return result;
    }

    private long Integer(JsonElement schema)
    {
        var min = Int(schema, "minimum");
        var max = Int(schema, "maximum");
        return random.Next(6) switch
        {
            0 when min is { } low => low - random.Next(0, 2),
            1 when max is { } high => high + random.Next(0, 2),
            2 => random.Next(3) switch { 0 => int.MaxValue, 1 => int.MinValue, _ => -1 },
            _ => random.NextInt64(min ?? 0, Math.Min(max ?? 3, (min ?? 0) + 3) + 1),
        };
    }

    private string String(JsonElement schema, string? name)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format == "date-time")
        {
            return (known.Now + TimeSpan.FromHours(random.Next(-72, 2))).ToString("O", CultureInfo.InvariantCulture);
        }

        if (schema.TryGetProperty("pattern", out _) && random.Next(4) != 0)
        {
            return Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));
        }

        var text = Text(name);
        var maxLength = Int(schema, "maxLength");
        return maxLength is { } limit && text.Length > limit && random.Next(3) != 0 ? text[..(int)limit] : text;
    }

    /// <summary>Text for a member: often a known name, else random, sometimes long or with control characters.</summary>
    public string Text(string? name)
    {
        var pick = random.Next(10);
        if (name is "product" && pick < 7)
        {
            return known.Products[random.Next(known.Products.Count)];
        }

        if (name is "name" && pick < 7)
        {
            return known.Features[random.Next(known.Features.Count)];
        }

        if (name is "mode" && pick < 6)
        {
            return random.Next(2) == 0 ? "normal" : "NORMAL";
        }

        return random.Next(24) switch
        {
            0 => "",
            1 => new string('x', 200),
            2 => "a\u0000b\u001b[31m",
            3 => "../../etc/passwd",
            4 => "\"quoted\"' <tag> %00 \\",
            _ => Convert.ToBase64String(BitConverter.GetBytes(random.NextInt64())).TrimEnd('=').Replace('/', '-').Replace('+', '_'),
        };
    }

    /// <summary>An id for a path: a known one often, else something else.</summary>
    public string Id() => random.Next(3) == 0 ? Text(null) : known.Ids[random.Next(known.Ids.Count)];

    private JsonNode? Wrong() => random.Next(6) switch
    {
        0 => JsonValue.Create("1"),
        1 => JsonValue.Create(1),
        2 => null,
        3 => new JsonArray(),
        4 => new JsonObject(),
        _ => JsonValue.Create(true),
    };

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema;
    }

    private static List<string> Types(JsonElement schema)
        => !schema.TryGetProperty("type", out var type) ? ["object"]
            : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
            : [type.GetString()!];

    private static long? Int(JsonElement schema, string keyword)
        => !schema.TryGetProperty(keyword, out var value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetInt64()
            : long.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
