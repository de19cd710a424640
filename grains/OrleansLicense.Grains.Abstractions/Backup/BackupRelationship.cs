namespace OrleansLicense.Grains.Backup;

/// <summary>A server's role in a backup relationship (R-BAK-1).</summary>
[GenerateSerializer]
public enum BackupRole
{
    /// <summary>Its settings flow to the backup.</summary>
    Primary,

    /// <summary>Receives the primary's settings.</summary>
    Backup,
}

/// <summary>One server of a backup relationship.</summary>
/// <param name="Name">Its name (its cluster id).</param>
/// <param name="ClusterId">Its Orleans cluster id.</param>
/// <param name="Addresses">Its gateway addresses, HTTP base URLs first (what the link and failing-over clients use).</param>
[GenerateSerializer, Immutable]
public sealed record BackupServer(string Name, string ClusterId, IReadOnlyList<string> Addresses);

/// <summary>A primary license mapped to a backup license of the same product (R-BAK-1).</summary>
[GenerateSerializer, Immutable]
public sealed record BackupMapping(string PrimaryLicense, string BackupLicense, string Product);

/// <summary>
/// What both servers of a relationship agree on, as each stores it: the relationship's id, this server's role, both
/// servers, the mapping, the shared credential of the link (R-SEC-2) and the partner's public signing key.
/// </summary>
/// <param name="Id">The relationship's id, the same on both servers.</param>
/// <param name="Role">This server's role.</param>
/// <param name="Self">This server.</param>
/// <param name="Partner">The other server.</param>
/// <param name="Mapping">The mapped licenses.</param>
/// <param name="Credential">The link's shared secret (32 random bytes, base64url): the bearer token of every link call.</param>
/// <param name="PartnerKey">The partner's public signing key (base64 SubjectPublicKeyInfo): signed files from it are checked against it.</param>
/// <param name="CreatedAt">When the primary created it.</param>
[GenerateSerializer, Immutable]
public sealed record BackupRelationship(
    string Id,
    BackupRole Role,
    BackupServer Self,
    BackupServer Partner,
    IReadOnlyList<BackupMapping> Mapping,
    string Credential,
    string PartnerKey,
    DateTimeOffset CreatedAt);
