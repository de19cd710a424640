using Orleans.Concurrency;

namespace OrleansLicense.Grains.Licenses;

/// <summary>The list of imported licenses (one per cluster, key <see cref="Key"/>), by product.</summary>
public interface ILicenseIndexGrain : IGrainWithStringKey
{
    /// <summary>The single key of the index grain.</summary>
    public const string Key = "all";

    /// <summary>Adds or updates a license in the index.</summary>
    Task Register(string licenseId, string product, CancellationToken cancellationToken);

    /// <summary>Every license id, in import order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> List();

    /// <summary>The ids of the licenses of a product, in import order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> FindByProduct(string product);
}
