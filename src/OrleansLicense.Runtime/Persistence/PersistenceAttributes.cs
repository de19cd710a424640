namespace OrleansLicense.Runtime.Persistence;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{T}"/>: the runtime supplies
/// the state document with this name, loaded before activation.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    /// <summary>The state's name, unique within the grain type.</summary>
    public string StateName { get; } = stateName;
}

/// <summary>
/// On a grain constructor parameter of type <see cref="IEventLog{TState, TEvent}"/>: the runtime
/// supplies the event log with this name, replayed before activation.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class EventLogAttribute(string logName) : Attribute
{
    /// <summary>The log's name, unique within the grain type.</summary>
    public string LogName { get; } = logName;

    /// <summary>Write a snapshot after this many events since the last one (0 = the runtime default).</summary>
    public int SnapshotInterval { get; init; }
}
