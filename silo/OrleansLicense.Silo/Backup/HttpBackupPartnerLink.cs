using System.Text.Json;
using OrleansLicense.Grains.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// The relationship's link over the partner's HTTP API (see docs/ARCHITECTURE-NOTES.md for why HTTP): settings go as
/// the same signed file an offline export is, so the backup checks the primary's signature either way.
/// </summary>
internal sealed class HttpBackupPartnerLink(PartnerHttp http, BackupSettingsCodec codec) : IBackupPartnerLink
{
    /// <summary>The link's routes.</summary>
    public const string Prefix = "/api/v1/backup-link";

    public async Task<IReadOnlyList<string>?> PushSettingsAsync(BackupRelationship relationship, SyncedSettings settings, CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync(relationship.Partner.Addresses, HttpMethod.Post, Prefix + "/settings", relationship.Credential, codec.Write(settings), cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(answer, BackupJsonContext.Default.BackupLinkApplied)?.Addresses;
        }
        catch (JsonException)
        {
            // Applied all the same; the addresses stay as they were.
            return null;
        }
    }

    public Task NotifyDissolvedAsync(BackupRelationship relationship, CancellationToken cancellationToken)
        => http.SendAsync(
            relationship.Partner.Addresses,
            HttpMethod.Post,
            Prefix + "/dissolve",
            relationship.Credential,
            JsonSerializer.Serialize(new BackupLinkDissolve(relationship.Id), BackupJsonContext.Default.BackupLinkDissolve),
            cancellationToken);
}
