using System.Text.Json;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Persistence;

/// <summary>A state document backed by <see cref="IGrainStateStore"/>.</summary>
internal sealed class PersistentState<T>(string stateName, GrainId grainId, IGrainStateStore store, JsonSerializerOptions json)
    : IPersistentState<T>, IGrainStorageFacet
    where T : class, new()
{
    public T State { get; set; } = new();

    public long Version { get; private set; }

    public bool RecordExists => Version > 0;

    public Task LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(stateName, grainId, cancellationToken);
        State = stored is null ? new T() : JsonSerializer.Deserialize<T>(stored.Json, json) ?? new T();
        Version = stored?.Version ?? 0;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var text = JsonSerializer.Serialize(State, json);
        Version = await store.WriteAsync(stateName, grainId, text, Version, cancellationToken);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await store.ClearAsync(stateName, grainId, Version, cancellationToken);
        State = new T();
        Version = 0;
    }
}
