namespace OrleansLicense.Runtime.Persistence;

/// <summary>A grain's state document with a version; every write is a compare-and-swap.</summary>
/// <typeparam name="T">The state type (JSON-serialisable, with a parameterless constructor).</typeparam>
public interface IPersistentState<T>
    where T : class, new()
{
    /// <summary>The state; a new <typeparamref name="T"/> when none was stored.</summary>
    T State { get; set; }

    /// <summary>The stored version this state was read or written at (0 = never written).</summary>
    long Version { get; }

    /// <summary>True when a document is stored.</summary>
    bool RecordExists { get; }

    /// <summary>Writes <see cref="State"/>.</summary>
    /// <exception cref="Storage.InconsistentStateException">Another writer moved the version.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-reads the stored document.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored document and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
