using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Cluster;

/// <summary>
/// This silo's current picture of the cluster, refreshed from the membership table: who is
/// Active, who is the leader (the oldest Active silo), and whether this silo itself is dead.
/// In single-silo mode it holds just this silo, Active and leader.
/// </summary>
public sealed class ClusterView
{
    private readonly Lock _lock = new();
    private MembershipTableData _table = new(0, []);
    private IReadOnlyList<MembershipEntry> _active = [];

    internal ClusterView(SiloAddress self, bool clustered)
    {
        Self = self;
        Clustered = clustered;
        if (!clustered)
        {
            var now = DateTimeOffset.UtcNow;
            var entry = new MembershipEntry(self, Environment.MachineName, "", SiloStatus.Active, now, now, [], null);
            _table = new MembershipTableData(1, [entry]);
            _active = [entry];
        }
    }

    /// <summary>Raised (on a pool thread) after a refresh changed the set of Active silos or this silo's status.</summary>
    public event EventHandler? Changed;

    /// <summary>This silo.</summary>
    public SiloAddress Self { get; }

    /// <summary>True in a grid; false for a single silo.</summary>
    public bool Clustered { get; }

    /// <summary>The last table read.</summary>
    public MembershipTableData Table
    {
        get
        {
            lock (_lock)
            {
                return _table;
            }
        }
    }

    /// <summary>Active silos (stale rows left out), oldest first.</summary>
    public IReadOnlyList<MembershipEntry> Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>This silo's status as last read.</summary>
    public SiloStatus SelfStatus { get; private set; } = SiloStatus.Joining;

    /// <summary>The leader: the oldest Active silo.</summary>
    public SiloAddress? Leader => Active.FirstOrDefault()?.Silo;

    /// <summary>True when this silo is the leader and runs cluster-wide duties.</summary>
    public bool IsLeader => Leader == Self;

    /// <summary>True when the silo is Active in this view.</summary>
    public bool IsActive(SiloAddress silo) => Active.Any(e => e.Silo == silo);

    /// <summary>True when the table says the silo is Dead (unknown silos are not dead: they may be newer than this view).</summary>
    public bool IsDead(SiloAddress silo)
    {
        var entry = Table.Entries.FirstOrDefault(e => e.Silo == silo);
        return entry is { Status: SiloStatus.Dead } || (entry is null && Table.Entries.Any(e => e.Silo.Host == silo.Host && e.Silo.Port == silo.Port && e.Silo.Generation > silo.Generation));
    }

    internal void Update(MembershipTableData table, DateTimeOffset now, TimeSpan staleAfter)
    {
        bool changed;
        lock (_lock)
        {
            var active = table.Entries
                .Where(e => e.Status == SiloStatus.Active && (e.Silo == Self || now - e.IAmAliveAt <= staleAfter))
                .OrderBy(e => e.StartedAt).ThenBy(e => e.Silo.ToString(), StringComparer.Ordinal)
                .ToList();
            var selfStatus = table.Entries.FirstOrDefault(e => e.Silo == Self)?.Status ?? SiloStatus.Joining;
            changed = !active.Select(e => e.Silo).SequenceEqual(_active.Select(e => e.Silo)) || selfStatus != SelfStatus;
            _table = table;
            _active = active;
            SelfStatus = selfStatus;
        }

        if (changed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
