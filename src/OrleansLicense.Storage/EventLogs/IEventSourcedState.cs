namespace OrleansLicense.Storage.EventLogs;

/// <summary>A state folded from events: the event log applies each stored event in order.</summary>
/// <typeparam name="TEvent">The event base type.</typeparam>
public interface IEventSourcedState<in TEvent>
{
    /// <summary>Applies one event. Must be deterministic: replay rebuilds the same state.</summary>
    void Apply(TEvent @event);
}
