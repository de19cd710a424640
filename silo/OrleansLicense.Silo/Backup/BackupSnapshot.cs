using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Backup;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// This silo's copy of the grid's backup relationship (refreshed about once a second by <see cref="BackupRefresher"/>,
/// and at once by this silo's own changes): the login path reads the partner hints from it without a grain call, and
/// the link authenticates the partner against it.
/// </summary>
internal sealed class BackupSnapshot
{
    private volatile Copy _copy = new(null, new Dictionary<string, BackupPartnerHint>(StringComparer.Ordinal));

    /// <summary>The relationship as last read, null when there is none.</summary>
    public BackupStatus? Status => _copy.Status;

    /// <summary>The partner's mapped license for a license of this server, null when it is not mapped (or there is no relationship).</summary>
    public BackupPartnerHint? HintFor(string licenseId) => _copy.Hints.GetValueOrDefault(licenseId);

    /// <summary>Replaces the copy.</summary>
    public void Update(BackupStatus? status) => _copy = new Copy(status, HintsOf(status));

    private static Dictionary<string, BackupPartnerHint> HintsOf(BackupStatus? status)
    {
        var hints = new Dictionary<string, BackupPartnerHint>(StringComparer.Ordinal);
        if (status is not { Dissolving: false, Relationship: var relationship })
        {
            return hints;
        }

        var primary = relationship.Role == BackupRole.Primary;
        var servers = relationship.Partner.Addresses.Where(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var pair in relationship.Mapping)
        {
            hints[primary ? pair.PrimaryLicense : pair.BackupLicense] = new BackupPartnerHint(
                primary ? "primary" : "backup", servers, relationship.Partner.ClusterId, primary ? pair.BackupLicense : pair.PrimaryLicense);
        }

        return hints;
    }

    private sealed record Copy(BackupStatus? Status, Dictionary<string, BackupPartnerHint> Hints);
}
