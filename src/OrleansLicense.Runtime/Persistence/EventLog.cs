using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Persistence;

/// <summary>
/// An event log backed by <see cref="IEventLogStore"/>, with snapshots every N events, or less often
/// when the state is large: a snapshot is written only once the events since the last one would
/// cost about as much to replay as the snapshot costs to write (a seat pool of 100,000 holders is
/// 6.9 MB of JSON: every 1,000 events that was serialised and written inside the group commit).
/// </summary>
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

    // What a snapshot may cost per event since the last one, in bytes of JSON: an event of a few
    // hundred bytes replays in microseconds, so a snapshot of N bytes waits for N / this many events.
    private const int SnapshotBytesPerEvent = 256;

    private long _snapshotVersion;
    private long _snapshotEvery = snapshotInterval;

    public TState State { get; private set; } = new();

    public long Version { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadSnapshotAsync(logName, grainId, cancellationToken);
        State = snapshot is null ? new TState() : JsonSerializer.Deserialize<TState>(snapshot.Json, json) ?? new TState();
        Version = _snapshotVersion = snapshot?.Version ?? 0;
        _snapshotEvery = SnapshotEvery(snapshot?.Json.Length ?? 0);
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

        if (Version - _snapshotVersion >= _snapshotEvery)
        {
            // A snapshot only shortens replay; losing one costs time, never correctness.
            var snapshot = JsonSerializer.Serialize(State, json);
            await store.WriteSnapshotAsync(logName, grainId, new StoredSnapshot(Version, snapshot), cancellationToken);
            _snapshotVersion = Version;
            _snapshotEvery = SnapshotEvery(snapshot.Length);
        }
    }

    private long SnapshotEvery(int snapshotLength) => Math.Max(snapshotInterval, snapshotLength / SnapshotBytesPerEvent);

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
