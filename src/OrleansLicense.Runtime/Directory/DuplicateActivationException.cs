using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Directory;

/// <summary>Another silo won the directory registration of a grain: calls go there.</summary>
internal sealed class DuplicateActivationException(GrainAddress winner)
    : Exception($"Grain {winner.GrainId} is active on silo {winner.Silo}.")
{
    public GrainAddress Winner { get; } = winner;

    public SiloAddress Silo => Winner.Silo;
}
