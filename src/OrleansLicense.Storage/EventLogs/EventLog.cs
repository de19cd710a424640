using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OrleansLicense.Storage.EventLogs;

/// <summary>
/// A grain's event log over <see cref="IEventLogStore"/>: replayed from the newest snapshot when
/// the grain activates, appended one batch at a time, and applied to <see cref="State"/> only after
/// the batch is stored. Snapshots come every <c>snapshotInterval</c> events, or less often when the
/// state is large: only once the events since the last one would cost about as much to replay as
/// the snapshot costs to write (a seat pool of 100,000 holders is 6.4 MB of JSON).
/// Not thread-safe: use it from one grain activation's turns.
/// </summary>
/// <typeparam name="TState">The folded state.</typeparam>
/// <typeparam name="TEvent">The event base type (polymorphic JSON).</typeparam>
public sealed class EventLog<TState, TEvent>
    where TState : class, IEventSourcedState<TEvent>, new()
{
    private const int ReplayPage = 1000;

    // What a snapshot may cost per event since the last one, in bytes of JSON: an event of a few
    // hundred bytes replays in microseconds, so a snapshot of N bytes waits for N / this many events.
    private const int SnapshotBytesPerEvent = 256;

    private readonly string _logName;
    private readonly string _grainId;
    private readonly IEventLogStore _store;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _clock;
    private readonly int _snapshotInterval;
    private readonly Action<Exception>? _snapshotFailed;
    private long _snapshotVersion;
    private long _snapshotEvery;
    private long _trimmedThrough;

    /// <summary>Creates the log; call <see cref="LoadAsync"/> before anything else.</summary>
    /// <param name="logName">The log's name, unique within the grain type.</param>
    /// <param name="grainId">The grain's id.</param>
    /// <param name="store">Where the events live.</param>
    /// <param name="json">How events and snapshots are written.</param>
    /// <param name="clock">Stamps each event's record time.</param>
    /// <param name="snapshotInterval">The fewest events between snapshots.</param>
    /// <param name="snapshotFailed">Told when a snapshot could not be written (the events are stored; the next append tries again).</param>
    public EventLog(string logName, string grainId, IEventLogStore store, JsonSerializerOptions json, TimeProvider clock, int snapshotInterval = 1000, Action<Exception>? snapshotFailed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentException.ThrowIfNullOrEmpty(grainId);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotInterval, 1);
        _logName = logName;
        _grainId = grainId;
        _store = store;
        _json = json;
        _clock = clock;
        _snapshotInterval = snapshotInterval;
        _snapshotEvery = snapshotInterval;
        _snapshotFailed = snapshotFailed;
    }

    /// <summary>The state with every stored event applied.</summary>
    public TState State { get; private set; } = new();

    /// <summary>How many events are stored (the sequence number of the last one).</summary>
    public long Version { get; private set; }

    /// <summary>The version of the newest snapshot known to be stored (0: none); replay starts there.</summary>
    public long SnapshotVersion => _snapshotVersion;

    /// <summary>How far this activation has trimmed the log (0 until its first <see cref="TrimAsync"/>).</summary>
    public long TrimmedThrough => _trimmedThrough;

    /// <summary>Reads the newest snapshot and replays the events after it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _store.ReadSnapshotAsync(_logName, _grainId, cancellationToken);
        State = snapshot is null ? new TState() : JsonSerializer.Deserialize<TState>(snapshot.Json, _json) ?? new TState();
        Version = _snapshotVersion = snapshot?.Version ?? 0;
        _snapshotEvery = SnapshotEvery(snapshot?.Json.Length ?? 0);
        while (true)
        {
            var page = await _store.ReadAsync(_logName, _grainId, Version, ReplayPage, cancellationToken);
            foreach (var stored in page)
            {
                if (stored.Sequence != Version + 1)
                {
                    throw new InvalidOperationException($"Event log {_logName} of {_grainId} has a gap: event {stored.Sequence} follows {Version}.");
                }

                State.Apply(Deserialize(stored.Json));
                Version = stored.Sequence;
            }

            if (page.Count < ReplayPage)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stores the events in one transaction at the current version, then applies them to
    /// <see cref="State"/>. Nothing is applied when the append fails.
    /// </summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another writer appended first.</exception>
    public async Task AppendAsync(IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var records = new EventRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            records[i] = new EventRecord(JsonSerializer.Serialize(events[i], _json), now);
        }

        Version = await _store.AppendAsync(_logName, _grainId, Version, records, cancellationToken);
        foreach (var e in events)
        {
            State.Apply(e);
        }

        if (Version - _snapshotVersion >= _snapshotEvery)
        {
            // A snapshot only shortens replay; losing one costs time, never correctness. So its failure must not
            // fail the append, whose events are stored and applied: the caller would be told "not done" of a change
            // that was made. The next append tries again.
            var snapshot = JsonSerializer.Serialize(State, _json);
            try
            {
                await _store.WriteSnapshotAsync(_logName, _grainId, new StoredSnapshot(Version, snapshot), cancellationToken);
                _snapshotVersion = Version;
                _snapshotEvery = SnapshotEvery(snapshot.Length);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _snapshotFailed?.Invoke(ex);
            }
        }
    }

    /// <summary>
    /// Deletes the stored events through <paramref name="throughSequence"/>, but never past the newest stored
    /// snapshot (replay starts there), so what <see cref="LoadAsync"/> needs is always kept (#12 storage growth).
    /// The last event always stays (the store fences the next append on it), so a trim reaching it stops short, and
    /// a later trim takes it once more events follow. Does nothing when that point is not past what this log trimmed
    /// already. The caller answers for every other reader of <see cref="ReadAsync"/>: events trimmed away are gone
    /// for them too.
    /// </summary>
    /// <returns>How many events were deleted.</returns>
    public async Task<int> TrimAsync(long throughSequence, CancellationToken cancellationToken = default)
    {
        var through = TrimTarget(throughSequence);
        if (through <= _trimmedThrough)
        {
            return 0;
        }

        var deleted = await _store.TrimAsync(_logName, _grainId, through, cancellationToken);

        // Max: a trim of another turn may have finished first with a later point.
        _trimmedThrough = Math.Max(_trimmedThrough, through);
        return deleted;
    }

    /// <summary>
    /// How far <see cref="TrimAsync"/> would trim when asked for <paramref name="throughSequence"/>: no further than the
    /// newest stored snapshot, and short of the last event (the store keeps it anyway; counting it as trimmed would make
    /// every later trim to the same snapshot a no-op). Nothing is left to do when this is not past <see cref="TrimmedThrough"/>.
    /// </summary>
    public long TrimTarget(long throughSequence) => Math.Min(Math.Min(throughSequence, _snapshotVersion), Version - 1);

    /// <summary>
    /// Reads stored events after a sequence number, oldest first, with their record times. Trimmed events
    /// (<see cref="TrimAsync"/>) are not returned: a read from before them starts at the oldest kept event.
    /// </summary>
    public async IAsyncEnumerable<(long Sequence, TEvent Event, DateTimeOffset RecordedAt)> ReadAsync(
        long afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var page = await _store.ReadAsync(_logName, _grainId, afterSequence, ReplayPage, cancellationToken);
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

    private long SnapshotEvery(int snapshotLength) => Math.Max(_snapshotInterval, snapshotLength / SnapshotBytesPerEvent);

    private TEvent Deserialize(string text)
        => JsonSerializer.Deserialize<TEvent>(text, _json) ?? throw new InvalidOperationException($"Event log {_logName} of {_grainId} holds a null event.");
}
