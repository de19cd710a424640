namespace OrleansLicense.Runtime.Messaging.Remote;

/// <summary>
/// Fault injection for tests: while blocked, this silo neither sends nor answers silo-to-silo
/// traffic (a network partition from its peers, not from the database). Off unless the host
/// exposes it deliberately.
/// </summary>
public sealed class PartitionSwitch
{
    private volatile bool _blocked;

    /// <summary>True while silo-to-silo traffic is blocked.</summary>
    public bool Blocked => _blocked;

    /// <summary>Blocks or unblocks silo-to-silo traffic.</summary>
    public void Set(bool blocked) => _blocked = blocked;
}
