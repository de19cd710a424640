using System.Text.Json;

namespace OrleansLicense.Runtime.Persistence;

/// <summary>The JSON settings used for grain state, events and snapshots.</summary>
public sealed class GrainJsonOptions
{
    /// <summary>Web defaults (camelCase); add source-generated contexts to its resolver chain.</summary>
    public JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web);
}
