using Orleans.Concurrency;

namespace OrleansLicense.Grains.Access;

/// <summary>The grid's admin access rules and named admins (one grain, key <see cref="Key"/>, durable): stored once, seen by every silo.</summary>
public interface IAccessRulesGrain : IGrainWithStringKey
{
    /// <summary>The single key.</summary>
    public const string Key = "cluster";

    /// <summary>The rules and admins.</summary>
    [AlwaysInterleave]
    Task<AccessList> Get();

    /// <summary>Replaces the rules, if nothing changed since <paramref name="expectedVersion"/>; rules with id 0 get new ids.</summary>
    /// <exception cref="Errors.LicensingException"><c>conflict</c> when the list changed meanwhile.</exception>
    Task<AccessList> ReplaceRules(long expectedVersion, IReadOnlyList<AccessRule> rules, CancellationToken cancellationToken);

    /// <summary>A backup server: takes the primary's rules and named admins as they are (R-BAK-2), ids included.</summary>
    Task<AccessList> ReplaceAll(IReadOnlyList<AccessRule> rules, IReadOnlyList<NamedAdmin> admins, CancellationToken cancellationToken);

    /// <summary>Adds or replaces (by name) a named admin.</summary>
    Task<AccessList> SetAdmin(NamedAdmin admin, CancellationToken cancellationToken);

    /// <summary>Removes a named admin.</summary>
    /// <exception cref="Errors.LicensingException"><c>not_found</c> for an unknown name.</exception>
    Task<AccessList> RemoveAdmin(string name, CancellationToken cancellationToken);
}
