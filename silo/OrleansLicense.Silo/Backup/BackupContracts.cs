using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansLicense.Contracts.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary><c>POST /api/v1/admin/backup</c> on the primary: create a relationship online (R-BAK-1, R-REL-1).</summary>
/// <param name="Backup">The backup server's HTTP(S) address, e.g. <c>https://backup.example:8276</c>.</param>
/// <param name="AdminToken">An admin token of the backup server (creating needs admin rights on both).</param>
/// <param name="Mapping">Which primary license each backup license stands in for.</param>
public sealed record CreateBackupRequest(string? Backup, string? AdminToken, List<BackupMappingRequest>? Mapping);

/// <summary>One mapped pair as an administrator names it.</summary>
public sealed record BackupMappingRequest(string? PrimaryLicense, string? BackupLicense);

/// <summary><c>POST /api/v1/admin/backup/offline</c> on the primary: create a relationship from the backup's license list (R-BAK-3).</summary>
/// <param name="BackupList">The backup's signed license list (<c>olic license export-list</c>).</param>
/// <param name="Mapping">Which primary license each backup license stands in for.</param>
public sealed record OfflineBackupRequest(JsonElement BackupList, List<BackupMappingRequest>? Mapping);

/// <summary>The answer of <c>DELETE /api/v1/admin/backup</c>.</summary>
/// <param name="RelationshipId">The relationship.</param>
/// <param name="State"><c>dissolved</c> (gone on both servers), or <c>dissolving</c> (gone here; the partner is told when it answers again).</param>
public sealed record BackupDissolved(string RelationshipId, string State);

/// <summary>A link call telling the partner the relationship is dissolved.</summary>
public sealed record BackupLinkDissolve(string RelationshipId);

/// <summary>The backup's answer to settings sent over the link.</summary>
/// <param name="Version">The version applied.</param>
/// <param name="Addresses">The backup's gateway addresses now (the primary keeps its copy current).</param>
public sealed record BackupLinkApplied(long Version, IReadOnlyList<string> Addresses);

/// <summary>Source-generated JSON of the backup routes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateBackupRequest))]
[JsonSerializable(typeof(OfflineBackupRequest))]
[JsonSerializable(typeof(BackupDissolved))]
[JsonSerializable(typeof(BackupLinkDissolve))]
[JsonSerializable(typeof(BackupLinkApplied))]
[JsonSerializable(typeof(BackupView))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
