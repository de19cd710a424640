using OrleansLicense.Grains.Access;

namespace OrleansLicense.Grains.Backup;

/// <summary>
/// The settings a primary gives its backup (R-BAK-2), as one versioned whole: the client timeout, the borrow rules,
/// the access rules and the named admins. Maintenance mode is not among them: each server switches its own.
/// </summary>
/// <param name="RelationshipId">The relationship they belong to.</param>
/// <param name="Version">Grows with every change of the content on the primary; the backup never applies an older one.</param>
/// <param name="ClientTimeoutSeconds">The client timeout.</param>
/// <param name="BorrowRules">Max borrow hours by product.</param>
/// <param name="Rules">The access rules, in order.</param>
/// <param name="Admins">The named admins (token hashes only).</param>
/// <param name="ExportedAt">When the primary took them.</param>
/// <param name="PrimaryAddresses">The primary's gateway addresses when it sent them (the backup keeps its copy current); null when not known.</param>
[GenerateSerializer, Immutable]
public sealed record SyncedSettings(
    string RelationshipId,
    long Version,
    int ClientTimeoutSeconds,
    IReadOnlyDictionary<string, int> BorrowRules,
    IReadOnlyList<AccessRule> Rules,
    IReadOnlyList<NamedAdmin> Admins,
    DateTimeOffset ExportedAt,
    IReadOnlyList<string>? PrimaryAddresses = null);
