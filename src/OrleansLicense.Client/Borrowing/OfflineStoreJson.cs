using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Client.Borrowing;

/// <summary>Source-generated JSON of the offline store's files.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(StoredBorrow))]
internal sealed partial class OfflineStoreJson : JsonSerializerContext;
