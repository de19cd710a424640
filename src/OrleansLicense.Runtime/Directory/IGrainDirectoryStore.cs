using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Directory;

/// <summary>
/// The cluster-wide grain directory: one row per grain, keyed by grain id. Registration always
/// returns the winner, so two silos racing to activate the same grain agree on one.
/// </summary>
public interface IGrainDirectoryStore
{
    /// <summary>
    /// Registers <paramref name="address"/> when the grain has no entry, or when its entry equals
    /// <paramref name="previous"/> (compare-and-swap, used to replace an entry on a dead silo);
    /// otherwise leaves the entry alone. Returns the entry stored afterwards: the winner.
    /// </summary>
    Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, CancellationToken cancellationToken);

    /// <summary>Reads the entry of a grain, or null.</summary>
    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Removes the entry if it is exactly <paramref name="address"/> (same activation id).</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes every entry that points at one of <paramref name="silos"/>; returns how many.</summary>
    Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken);
}
