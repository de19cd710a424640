using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Persistence;

/// <summary>An event log backed by <see cref="IEventLogStore"/>, with snapshots every N events.</summary>
internal sealed class EventLog<TState, TEvent>(
    string logName,
    GrainId grainId,
    IEventLogStore store,
    JsonSerializerOptions json,
    TimeProvider clock,
    int snapshotInterval) : IEventLog<TState, TEvent>, IGrainStorageFacet
    where TState : class, IEventSourcedState<TEvent>, new()
{
    private const int ReplayPage = 1000;
    private long _snapshotVersion;

    public TState State { get; private set; } = new();

    public long Version { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadSnapshotAsync(logName, grainId, cancellationToken);
        State = snapshot is null ? new TState() : JsonSerializer.Deserialize<TState>(snapshot.Json, json) ?? new TState();
        Version = _snapshotVersion = snapshot?.Version ?? 0;
        while (true)
        {
            var page = await store.ReadAsync(logName, grainId, Version, ReplayPage, cancellationToken);
            foreach (var stored in page)
            {
                State.Apply(Deserialize(stored.Json));
                Version = stored.Sequence;
            }

            if (page.Count < ReplayPage)
            {
                return;
            }
        }
    }

    public async Task AppendAsync(IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var records = new EventRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            records[i] = new EventRecord(JsonSerializer.Serialize(events[i], json), now);
        }

        Version = await store.AppendAsync(logName, grainId, Version, records, cancellationToken);
        foreach (var e in events)
        {
            State.Apply(e);
        }

        if (Version - _snapshotVersion >= snapshotInterval)
        {
            // A snapshot only shortens replay; losing one costs time, never correctness.
            await store.WriteSnapshotAsync(logName, grainId, new StoredSnapshot(Version, JsonSerializer.Serialize(State, json)), cancellationToken);
            _snapshotVersion = Version;
        }
    }

    public async IAsyncEnumerable<(long Sequence, TEvent Event, DateTimeOffset RecordedAt)> ReadAsync(
        long afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var page = await store.ReadAsync(logName, grainId, afterSequence, ReplayPage, cancellationToken);
            foreach (var stored in page)
            {
                yield return (stored.Sequence, Deserialize(stored.Json), stored.RecordedAt);
                afterSequence = stored.Sequence;
            }

            if (page.Count < ReplayPage)
            {
                yield break;
            }
        }
    }

    private TEvent Deserialize(string text)
        => JsonSerializer.Deserialize<TEvent>(text, json) ?? throw new InvalidOperationException($"Event log {logName} of {grainId} holds a null event.");
}
