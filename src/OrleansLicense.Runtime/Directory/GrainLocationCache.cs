using System.Collections.Concurrent;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Directory;

/// <summary>Where grains were last found, so a call does not read the directory each time. Bounded.</summary>
internal sealed class GrainLocationCache
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _entries = new();

    public bool TryGet(GrainId grainId, out SiloAddress silo) => _entries.TryGetValue(grainId, out silo!);

    public void Set(GrainId grainId, SiloAddress silo)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Crude but bounded: a cold cache only costs directory reads.
            _entries.Clear();
        }

        _entries[grainId] = silo;
    }

    public void Remove(GrainId grainId) => _entries.TryRemove(grainId, out _);

    /// <summary>Forgets every grain on silos not in <paramref name="active"/>.</summary>
    public void RetainSilos(IReadOnlyCollection<SiloAddress> active)
    {
        foreach (var (grain, silo) in _entries)
        {
            if (!active.Contains(silo))
            {
                _entries.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grain, silo));
            }
        }
    }
}
