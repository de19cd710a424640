namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>One grain type: its activations across the active silos (Orleans' <c>GetSimpleGrainStatistics</c>).</summary>
/// <param name="GrainType">The short name (<c>License</c> for <c>LicenseGrain</c>).</param>
/// <param name="TypeName">The grain class's full name.</param>
/// <param name="IsSystem">True for Orleans' own grains (management, dashboard, …).</param>
/// <param name="Activations">Activations on all active silos.</param>
/// <param name="Silos">Activations per silo address.</param>
internal sealed record GrainTypeStats(string GrainType, string TypeName, bool IsSystem, int Activations, IReadOnlyList<GrainSiloActivations> Silos);

/// <summary>Activations of a grain type on one silo.</summary>
/// <param name="Address">The silo's address.</param>
/// <param name="Activations">Its activations of the type.</param>
internal sealed record GrainSiloActivations(string Address, int Activations);
