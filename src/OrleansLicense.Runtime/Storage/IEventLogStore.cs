using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Storage;

/// <summary>An event to append: its JSON and the time it was recorded.</summary>
public sealed record EventRecord(string Json, DateTimeOffset RecordedAt);

/// <summary>A stored event with its sequence number (1-based, gap-free per log).</summary>
public sealed record StoredEvent(long Sequence, string Json, DateTimeOffset RecordedAt);

/// <summary>A stored snapshot: the folded state after event <see cref="Version"/>.</summary>
public sealed record StoredSnapshot(long Version, string Json);

/// <summary>
/// Append-only event logs per (log name, grain). The primary key (log, grain, sequence) is the
/// fence: an append that expects another length fails whole.
/// </summary>
public interface IEventLogStore
{
    /// <summary>
    /// Appends all <paramref name="events"/> in one transaction if the log's length equals
    /// <paramref name="expectedVersion"/>; returns the new length.
    /// </summary>
    /// <exception cref="InconsistentStateException">The log has another length; nothing was appended.</exception>
    Task<long> AppendAsync(string logName, GrainId grainId, long expectedVersion, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxCount"/> events with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string logName, GrainId grainId, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Stores a snapshot, replacing an older one; a snapshot older than the stored one is ignored.</summary>
    Task WriteSnapshotAsync(string logName, GrainId grainId, StoredSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Reads the newest snapshot, or null.</summary>
    Task<StoredSnapshot?> ReadSnapshotAsync(string logName, GrainId grainId, CancellationToken cancellationToken);
}
