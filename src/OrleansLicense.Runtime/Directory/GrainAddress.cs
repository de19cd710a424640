using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Directory;

/// <summary>Where the one activation of a grain lives.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="Silo">The silo hosting it.</param>
/// <param name="ActivationId">A unique id of the activation, so a stale entry is told from a fresh one.</param>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, string ActivationId);
