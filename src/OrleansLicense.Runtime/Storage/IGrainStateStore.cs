using OrleansLicense.Runtime.Grains;

namespace OrleansLicense.Runtime.Storage;

/// <summary>A stored grain state document and its version.</summary>
/// <param name="Json">The document, JSON.</param>
/// <param name="Version">The version; the first write makes it 1.</param>
public sealed record StoredState(string Json, long Version);

/// <summary>
/// Versioned documents per (state name, grain). Every write is a compare-and-swap on the version.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>Reads a document, or null when none was written (or it was cleared).</summary>
    Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a document if the stored version equals <paramref name="expectedVersion"/>
    /// (0 = no document yet) and returns the new version (expected + 1).
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task<long> WriteAsync(string stateName, GrainId grainId, string json, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a document if its version equals <paramref name="expectedVersion"/>; a missing document with expected 0 is a no-op.</summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task ClearAsync(string stateName, GrainId grainId, long expectedVersion, CancellationToken cancellationToken);
}
