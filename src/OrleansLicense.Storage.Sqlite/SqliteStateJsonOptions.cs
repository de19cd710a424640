using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansLicense.Storage.Sqlite;

/// <summary>
/// How the SQLite grain storage writes grain state: plain System.Text.Json with the Web defaults
/// (camelCase names, case-insensitive reads), never with .NET type names, so renaming a class or an
/// assembly never breaks stored state. Add resolvers or converters for the grains' state types with
/// <c>services.Configure&lt;SqliteStateJsonOptions&gt;(o =&gt; o.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, MyStateJsonContext.Default))</c>;
/// types no inserted resolver knows fall back to reflection. The options are frozen by their first use.
/// </summary>
public sealed class SqliteStateJsonOptions
{
    /// <summary>The serializer options for every state document.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        // In the chain from the start, so a source-generated context inserted before it keeps the fallback.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),

        // A document in a file, never embedded in HTML: names and other non-ASCII text stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
