using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Grains.Backup;

/// <summary>The link of a host without one (grain tests): the partner is never reachable.</summary>
internal sealed class NoBackupPartnerLink : IBackupPartnerLink
{
    public Task<IReadOnlyList<string>?> PushSettingsAsync(BackupRelationship relationship, SyncedSettings settings, CancellationToken cancellationToken) => throw Unreachable();

    public Task NotifyDissolvedAsync(BackupRelationship relationship, CancellationToken cancellationToken) => throw Unreachable();

    private static LicensingException Unreachable() => new(ErrorCodes.PartnerUnreachable, "This host has no link to a backup partner.");
}
