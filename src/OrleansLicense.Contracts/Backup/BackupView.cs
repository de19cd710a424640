namespace OrleansLicense.Contracts.Backup;

/// <summary>
/// <c>GET /api/v1/admin/backup</c>: this server's backup relationship (R-BAK-6). A server in no relationship
/// answers 404 <c>not_in_relationship</c>.
/// </summary>
/// <param name="RelationshipId">The relationship's id, the same on both servers.</param>
/// <param name="Role">This server's role: <c>primary</c> or <c>backup</c>.</param>
/// <param name="Self">This server.</param>
/// <param name="Partner">The other server.</param>
/// <param name="State"><c>connected</c>, <c>disconnected</c> or <c>dissolving</c> (dissolved here, the partner not told yet).</param>
/// <param name="LastSync">When settings last reached the backup, if ever.</param>
/// <param name="LastError">Why the last contact with the partner failed, if it did.</param>
/// <param name="SettingsVersion">The version of the settings last sent (primary) or applied (backup).</param>
/// <param name="Mapping">The mapped licenses; redundancy holds only for these.</param>
public sealed record BackupView(
    string RelationshipId,
    string Role,
    BackupServerView Self,
    BackupServerView Partner,
    string State,
    DateTimeOffset? LastSync,
    string? LastError,
    long SettingsVersion,
    IReadOnlyList<BackupMappingView> Mapping);

/// <summary>One server of a backup relationship.</summary>
/// <param name="Name">Its name (the grid's cluster id unless the administrator named it).</param>
/// <param name="Role"><c>primary</c> or <c>backup</c>.</param>
/// <param name="Addresses">Its gateway addresses.</param>
/// <param name="ClusterId">Its Orleans cluster id.</param>
/// <param name="Status"><c>up</c>, <c>down</c> or <c>unknown</c>, as last seen from this server.</param>
public sealed record BackupServerView(string Name, string Role, IReadOnlyList<string> Addresses, string ClusterId, string Status);

/// <summary>A primary license mapped to a backup license of the same product.</summary>
/// <param name="PrimaryLicense">The license id on the primary.</param>
/// <param name="BackupLicense">The license id on the backup.</param>
/// <param name="Product">The product both are for.</param>
public sealed record BackupMappingView(string PrimaryLicense, string BackupLicense, string Product);
