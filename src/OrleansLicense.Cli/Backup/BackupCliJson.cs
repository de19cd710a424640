using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansLicense.Cli.Backup;

/// <summary>One mapped pair of <c>--map PRIMARY=BACKUP</c>.</summary>
internal sealed record BackupMappingBody(string PrimaryLicense, string BackupLicense);

/// <summary>POST /api/v1/admin/backup (online).</summary>
internal sealed record BackupCreateBody(string Backup, string AdminToken, List<BackupMappingBody> Mapping);

/// <summary>POST /api/v1/admin/backup/offline.</summary>
internal sealed record BackupOfflineBody(JsonElement BackupList, List<BackupMappingBody> Mapping);

/// <summary>The answer of DELETE /api/v1/admin/backup.</summary>
internal sealed record BackupDissolvedAnswer(string RelationshipId, string State);

/// <summary>Source-generated JSON of the backup commands.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BackupCreateBody))]
[JsonSerializable(typeof(BackupOfflineBody))]
[JsonSerializable(typeof(BackupDissolvedAnswer))]
internal sealed partial class BackupCliJson : JsonSerializerContext;
