namespace OrleansLicense.Grains.Triad;

/// <summary>The probe of one member (<see cref="ITriadProbeGrain"/>); <see cref="MemberSiloPlacementDirector"/> keeps it on that member's silo.</summary>
[GrainType(TriadGrainTypes.Probe)]
internal sealed class TriadProbeGrain : Grain, ITriadProbeGrain
{
    public Task Ping() => Task.CompletedTask;
}
