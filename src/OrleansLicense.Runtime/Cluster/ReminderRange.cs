using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Cluster;

/// <summary>Which part of the grain-hash ring a silo's reminders come from: each Active silo owns the arc ending at its own position.</summary>
internal static class ReminderRange
{
    public static (uint BeginExclusive, uint EndInclusive) For(SiloAddress self, IReadOnlyList<SiloAddress> active)
    {
        var positions = active.Select(s => (Silo: s, Position: Position(s))).OrderBy(p => p.Position).ToList();
        var index = positions.FindIndex(p => p.Silo == self);
        if (index < 0 || positions.Count == 1)
        {
            // Alone (or not yet in the view): the whole ring.
            var own = Position(self);
            return (own, own);
        }

        var previous = positions[(index - 1 + positions.Count) % positions.Count].Position;
        return (previous, positions[index].Position);
    }

    private static uint Position(SiloAddress silo) => new Grains.GrainId("silo", silo.ToString()).StableHash();
}
