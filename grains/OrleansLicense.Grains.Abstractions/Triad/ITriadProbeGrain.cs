namespace OrleansLicense.Grains.Triad;

/// <summary>
/// One per triad member, keyed by its address and placed on that silo: a silo can talk to a member exactly when a ping
/// of that member's probe answers (R-TRI-1 "while it can talk to a quorum"), which a killed or cut-off silo stops doing
/// at once, long before Orleans' membership votes it dead.
/// </summary>
[Alias("olic.triad-probe")]
public interface ITriadProbeGrain : IGrainWithStringKey
{
    /// <summary>Answers from the member's silo.</summary>
    [Alias("ping")]
    Task Ping();
}
