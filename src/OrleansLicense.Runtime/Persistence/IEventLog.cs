namespace OrleansLicense.Runtime.Persistence;

/// <summary>
/// An event-sourced grain state (Orleans' JournaledGrain idea): events are appended with an
/// expected sequence number, applied to <see cref="State"/> only after they are stored, and
/// replayed from the newest snapshot on activation. The events double as the audit log.
/// </summary>
/// <typeparam name="TState">The folded state.</typeparam>
/// <typeparam name="TEvent">The event base type (polymorphic JSON).</typeparam>
public interface IEventLog<TState, TEvent>
    where TState : class, IEventSourcedState<TEvent>, new()
{
    /// <summary>The state with every stored event applied.</summary>
    TState State { get; }

    /// <summary>How many events are stored (the sequence number of the last one).</summary>
    long Version { get; }

    /// <summary>
    /// Stores the events in one transaction at the current version, then applies them to
    /// <see cref="State"/>. Nothing is applied when the append fails.
    /// </summary>
    /// <exception cref="Storage.InconsistentStateException">Another writer appended first.</exception>
    Task AppendAsync(IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Reads stored events after a sequence number, oldest first, with their record times.</summary>
    IAsyncEnumerable<(long Sequence, TEvent Event, DateTimeOffset RecordedAt)> ReadAsync(long afterSequence, CancellationToken cancellationToken = default);
}
