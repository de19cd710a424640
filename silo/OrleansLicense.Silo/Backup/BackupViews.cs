using OrleansLicense.Contracts.Backup;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary>The relationship as <c>GET /api/v1/admin/backup</c> shows it (R-BAK-6).</summary>
internal static class BackupViews
{
    /// <summary>The view; the partner counts as connected while it answered (or called) within three sync periods.</summary>
    public static BackupView Of(BackupStatus status, TimeSpan syncPeriod, DateTimeOffset now)
    {
        var relationship = status.Relationship;
        var recent = status.LastContact is { } contact && now - contact < syncPeriod * 3;
        var connected = recent && status.LastError is null;
        var state = status.Dissolving ? "dissolving" : connected ? "connected" : "disconnected";
        var partnerStatus = connected ? "up"
            : status.LastError?.StartsWith(ErrorCodes.PartnerUnreachable, StringComparison.Ordinal) == true ? "down"
            : "unknown";
        var role = RoleName(relationship.Role);
        var partnerRole = RoleName(relationship.Role == BackupRole.Primary ? BackupRole.Backup : BackupRole.Primary);
        return new BackupView(
            relationship.Id,
            role,
            new BackupServerView(relationship.Self.Name, role, relationship.Self.Addresses, relationship.Self.ClusterId, "up"),
            new BackupServerView(relationship.Partner.Name, partnerRole, relationship.Partner.Addresses, relationship.Partner.ClusterId, partnerStatus),
            state,
            status.LastSync,
            status.LastError,
            status.SettingsVersion,
            [.. relationship.Mapping.Select(m => new BackupMappingView(m.PrimaryLicense, m.BackupLicense, m.Product))]);
    }

    /// <summary>The role as the API spells it.</summary>
    public static string RoleName(BackupRole role) => role == BackupRole.Primary ? "primary" : "backup";
}
