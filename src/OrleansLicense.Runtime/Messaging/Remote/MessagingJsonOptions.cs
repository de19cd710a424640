using System.Text.Json;

namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>JSON settings for silo-to-silo messages: the grain JSON settings plus fields (value tuples travel too).</summary>
internal sealed class MessagingJsonOptions
{
    public MessagingJsonOptions(Persistence.GrainJsonOptions grainJson)
        => SerializerOptions = new JsonSerializerOptions(grainJson.SerializerOptions) { IncludeFields = true };

    public JsonSerializerOptions SerializerOptions { get; }
}
