namespace OrleansLicense.Licensing.Backup;

/// <summary>
/// The signed payload of a backup server's license list (<c>olic license export-list</c>, R-BAK-3): who the server is,
/// its public signing key, and its licenses with their features, for the primary to check a mapping against.
/// </summary>
/// <param name="Format">Always <see cref="BackupFiles.LicenseListFormat"/>.</param>
/// <param name="ServerName">The server's name (its cluster id).</param>
/// <param name="ClusterId">Its Orleans cluster id.</param>
/// <param name="Addresses">Its gateway addresses (HTTP base URLs first).</param>
/// <param name="CreatedAt">When the list was written.</param>
/// <param name="ServerKey">The server's public signing key, base64 SubjectPublicKeyInfo DER (it signed the list).</param>
/// <param name="Licenses">Its licenses.</param>
public sealed record BackupLicenseListContent(
    string Format,
    string ServerName,
    string ClusterId,
    IReadOnlyList<string> Addresses,
    DateTimeOffset CreatedAt,
    string ServerKey,
    IReadOnlyList<BackupListedLicense> Licenses);

/// <summary>One license of a license list.</summary>
/// <param name="Id">The license id.</param>
/// <param name="Product">Its product.</param>
/// <param name="Edition">Its edition (standard, enterprise, …).</param>
/// <param name="Status"><c>active</c> or <c>deactivated</c>.</param>
/// <param name="Features">Its feature names.</param>
public sealed record BackupListedLicense(string Id, string Product, string Edition, string Status, IReadOnlyList<string> Features);

/// <summary>A server of a relationship file.</summary>
public sealed record BackupServerEntry(string Name, string ClusterId, IReadOnlyList<string> Addresses);

/// <summary>A primary license mapped to a backup license of the same product.</summary>
public sealed record BackupMappingEntry(string PrimaryLicense, string BackupLicense, string Product);

/// <summary>
/// The signed payload of a relationship data file (the seed's <c>.bkdat</c>, R-BAK-3), written by the primary and
/// imported on the backup: it holds the link's credential, so it is a secret.
/// </summary>
/// <param name="Format">Always <see cref="BackupFiles.RelationshipFormat"/>.</param>
/// <param name="RelationshipId">The relationship's id.</param>
/// <param name="CreatedAt">When the primary created it.</param>
/// <param name="Primary">The primary server.</param>
/// <param name="PrimaryKey">The primary's public signing key, base64 SubjectPublicKeyInfo DER (it signed this file).</param>
/// <param name="BackupList">The backup's signed license list, as the backup wrote it: the backup checks it is its own.</param>
/// <param name="Mapping">The mapped licenses.</param>
/// <param name="Credential">The link's shared secret (base64url of 32 random bytes).</param>
public sealed record BackupRelationshipContent(
    string Format,
    string RelationshipId,
    DateTimeOffset CreatedAt,
    BackupServerEntry Primary,
    string PrimaryKey,
    string BackupList,
    IReadOnlyList<BackupMappingEntry> Mapping,
    string Credential);

/// <summary>An access rule of a settings export.</summary>
public sealed record BackupAccessRuleEntry(int Id, bool Allow, string Who, string Where);

/// <summary>A named admin of a settings export (the token's hash only).</summary>
public sealed record BackupAdminEntry(string Name, string TokenHash);

/// <summary>
/// The signed payload of the primary's settings (R-BAK-2): what the link carries to the backup, and what
/// <c>olic backup settings export</c> writes when the two are not connected.
/// </summary>
/// <param name="Format">Always <see cref="BackupFiles.SettingsFormat"/>.</param>
/// <param name="RelationshipId">The relationship.</param>
/// <param name="Version">The settings' version on the primary.</param>
/// <param name="ExportedAt">When they were taken.</param>
/// <param name="PrimaryKey">The primary's public signing key, base64 SubjectPublicKeyInfo DER.</param>
/// <param name="ClientTimeoutSeconds">The client timeout.</param>
/// <param name="BorrowRules">Max borrow hours by product.</param>
/// <param name="Rules">The access rules in order.</param>
/// <param name="Admins">The named admins.</param>
/// <param name="Addresses">The primary's gateway addresses when it wrote the file (the backup keeps its copy current).</param>
public sealed record BackupSettingsContent(
    string Format,
    string RelationshipId,
    long Version,
    DateTimeOffset ExportedAt,
    string PrimaryKey,
    int ClientTimeoutSeconds,
    IReadOnlyDictionary<string, int> BorrowRules,
    IReadOnlyList<BackupAccessRuleEntry> Rules,
    IReadOnlyList<BackupAdminEntry> Admins,
    IReadOnlyList<string> Addresses);
