using System.Text;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Placement;

/// <summary>
/// Rendezvous (highest random weight) hashing: a grain goes to the Active silo with the highest
/// hash of (grain, silo). Every silo computes the same answer from the same view, and losing a
/// silo moves only that silo's grains.
/// </summary>
internal static class RendezvousPlacement
{
    public static SiloAddress Choose(GrainId grainId, IReadOnlyList<SiloAddress> silos)
    {
        if (silos.Count == 0)
        {
            throw new InvalidOperationException($"No Active silo can host grain {grainId}.");
        }

        var grain = grainId.ToString();
        SiloAddress? best = null;
        ulong bestScore = 0;
        foreach (var silo in silos)
        {
            var score = Fnv1a64($"{grain}|{silo}");
            if (best is null || score > bestScore)
            {
                best = silo;
                bestScore = score;
            }
        }

        return best!;
    }

    private static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // Finalise (splitmix) so nearby inputs spread over the whole range.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
