namespace OrleansLicense.Storage.EventLogs;

/// <summary>An event to append: its JSON and the time it was recorded.</summary>
/// <param name="Json">The event, JSON.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record EventRecord(string Json, DateTimeOffset RecordedAt);

/// <summary>A stored event with its sequence number (1-based, gap-free per log).</summary>
/// <param name="Sequence">The event's place in its log.</param>
/// <param name="Json">The event, JSON.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record StoredEvent(long Sequence, string Json, DateTimeOffset RecordedAt);

/// <summary>A stored snapshot: the folded state after event <see cref="Version"/>.</summary>
/// <param name="Version">The last event the snapshot includes.</param>
/// <param name="Json">The folded state, JSON.</param>
public sealed record StoredSnapshot(long Version, string Json);

/// <summary>
/// Append-only event logs per (log name, grain id), in a keyed table. The primary key (log, grain,
/// sequence) is the fence: an append that expects another length fails whole. A hot seat pool
/// appends what each group commit decided instead of rewriting its whole holder list. Events the
/// owner no longer needs are deleted from the front with <see cref="TrimAsync"/>.
/// </summary>
public interface IEventLogStore
{
    /// <summary>
    /// Appends all <paramref name="events"/> in one transaction if the log's length equals
    /// <paramref name="expectedVersion"/>; returns the new length.
    /// </summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The log has another length; nothing was appended.</exception>
    Task<long> AppendAsync(string logName, string grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxCount"/> events with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, string grainId, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Stores a snapshot, replacing an older one; a snapshot older than the stored one is ignored.</summary>
    Task WriteSnapshotAsync(string logName, string grainId, StoredSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Reads the newest snapshot, or null.</summary>
    Task<StoredSnapshot?> ReadSnapshotAsync(string logName, string grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the events with sequence at or before <paramref name="throughSequence"/> (#12 storage growth),
    /// except the log's last event: the log's length is its highest sequence number, so that row stays as the
    /// fence of the next append. Snapshots are not touched; later reads simply start at the oldest kept event.
    /// Returns how many events were deleted. The caller decides what is safe to delete (see <see cref="EventLog{TState, TEvent}.TrimAsync"/>).
    /// </summary>
    Task<int> TrimAsync(string logName, string grainId, long throughSequence, CancellationToken cancellationToken);
}
