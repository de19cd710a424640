using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Licensing.Backup;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Backup;

/// <summary>
/// Creating a relationship (R-BAK-1, R-BAK-3, R-REL-1): the backup's signed license list, the primary's check of the
/// mapping against it, the signed relationship file (.bkdat) and its import on the backup. Online creation is the same
/// steps with the two admin APIs talking instead of files.
/// </summary>
internal sealed class BackupSetup(
    IGrainFactory grains,
    LicenseQueries queries,
    GatewayList gateways,
    ServerSigningKey key,
    BackupSettingsCodec codec,
    BackupSnapshot snapshot,
    IOptions<SiloClusterOptions> cluster,
    IOptions<SiloOptions> silo,
    TimeProvider clock)
{
    private IRelationshipGrain Relationship => grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key);

    /// <summary>This server's licenses as a list signed by its key (<c>olic license export-list</c>).</summary>
    public async Task<string> LicenseListAsync(CancellationToken cancellationToken)
    {
        var licenses = await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false);
        var self = Self();
        return BackupFiles.WriteLicenseList(
            new BackupLicenseListContent(
                BackupFiles.LicenseListFormat,
                self.Name,
                self.ClusterId,
                self.Addresses,
                clock.GetUtcNow(),
                codec.PublicKey,
                [.. licenses.Select(l => new BackupListedLicense(l.Id, l.Product, l.Edition, l.Status, [.. l.Features.Select(f => f.Name)]))]),
            key.Key);
    }

    /// <summary>
    /// The primary's part: checks the backup's list and the mapping, stores the primary's side, and answers the signed
    /// relationship file the backup imports. <paramref name="backupAddress"/> (online creation) goes first in the
    /// backup's addresses: it is the one known to answer.
    /// </summary>
    public async Task<(BackupStatus Status, string File)> CreatePrimaryAsync(string listText, IReadOnlyList<BackupMappingRequest> requested, string? backupAddress, Func<string, Task>? beforeStore, CancellationToken cancellationToken)
    {
        var list = BackupFiles.ReadLicenseList(listText, pinned: null);
        if (string.Equals(list.ServerKey, codec.PublicKey, StringComparison.Ordinal))
        {
            throw LicensingException.BadRequest("The license list is this server's own: export it on the backup server ('olic license export-list').");
        }

        await EnsureFreeAsync().ConfigureAwait(false);
        var mapping = CheckMapping(await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false), list, requested);
        var self = Self();
        var id = "bk-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var credential = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var file = BackupFiles.WriteRelationship(
            new BackupRelationshipContent(
                BackupFiles.RelationshipFormat,
                id,
                now,
                new BackupServerEntry(self.Name, self.ClusterId, self.Addresses),
                codec.PublicKey,
                listText,
                [.. mapping.Select(m => new BackupMappingEntry(m.PrimaryLicense, m.BackupLicense, m.Product))],
                credential),
            key.Key);

        if (beforeStore is not null)
        {
            await beforeStore(file).ConfigureAwait(false);
        }

        List<string> partnerAddresses = backupAddress is null ? [.. list.Addresses] : [backupAddress, .. list.Addresses.Where(a => !string.Equals(a.TrimEnd('/'), backupAddress.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))];
        var relationship = new BackupRelationship(
            id, BackupRole.Primary, self, new BackupServer(list.ServerName, list.ClusterId, partnerAddresses), mapping, credential, list.ServerKey, now);
        var status = await Relationship.Create(relationship, cancellationToken).ConfigureAwait(false);
        snapshot.Update(status);
        return (status, file);
    }

    /// <summary>The backup's part: checks the primary's signature and that the list inside is this server's own, then stores the backup's side.</summary>
    public async Task<BackupStatus> ImportAsync(string fileText, CancellationToken cancellationToken)
    {
        var content = BackupFiles.ReadRelationship(fileText);
        var ownKey = BackupFiles.PublicKey(codec.PublicKey, "server key");
        BackupLicenseListContent list;
        try
        {
            list = BackupFiles.ReadLicenseList(content.BackupList, ownKey);
        }
        catch (Licensing.Borrowing.SignedFileException refused)
        {
            throw new LicensingException(ErrorCodes.BackupFileInvalid, $"The relationship file was made for another backup server: its license list is not this server's ({refused.Message})");
        }

        await EnsureFreeAsync().ConfigureAwait(false);
        var licenses = (await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var missing = content.Mapping.Where(m => !licenses.TryGetValue(m.BackupLicense, out var l) || l.Status != "active").Select(m => m.BackupLicense).ToList();
        if (missing.Count > 0)
        {
            throw new LicensingException(ErrorCodes.BackupMappingInvalid, $"Mapped backup license(s) {string.Join(", ", missing)} are no longer active on this server (the list was exported on {list.CreatedAt:u}).");
        }

        var relationship = new BackupRelationship(
            content.RelationshipId,
            BackupRole.Backup,
            Self(),
            new BackupServer(content.Primary.Name, content.Primary.ClusterId, content.Primary.Addresses),
            [.. content.Mapping.Select(m => new BackupMapping(m.PrimaryLicense, m.BackupLicense, m.Product))],
            content.Credential,
            content.PrimaryKey,
            content.CreatedAt);
        var status = await Relationship.Create(relationship, cancellationToken).ConfigureAwait(false);
        snapshot.Update(status);
        return status;
    }

    /// <summary>R-REL-1: a server joins at most one relationship, backup or triad.</summary>
    public async Task EnsureFreeAsync()
    {
        if (await Relationship.Get().ConfigureAwait(false) is { } existing)
        {
            throw new LicensingException(
                ErrorCodes.AlreadyInRelationship,
                $"This server is already in the backup relationship '{existing.Relationship.Id}' with '{existing.Relationship.Partner.Name}'; a server joins at most one relationship (R-REL-1).");
        }

        if (silo.Value.IsGrid && await grains.GetGrain<ITriadGrain>(ITriadGrain.Key).Get().ConfigureAwait(false) is { } triad)
        {
            throw new LicensingException(
                ErrorCodes.AlreadyInRelationship,
                $"This server is the triad '{triad.Name}' ({triad.Id}); a server joins at most one relationship (R-REL-1): dissolve the triad first.");
        }
    }

    /// <summary>This server as the relationship names it: by its Orleans cluster id, which clients failing over to it use.</summary>
    public BackupServer Self() => new(cluster.Value.ClusterId, cluster.Value.ClusterId, gateways.Current());

    /// <summary>
    /// Each primary license maps to a backup license of the same product that covers all its features; every license
    /// named exists and is active; each is mapped once; at least one mapped pair is enterprise on both sides (R-REL-1).
    /// </summary>
    internal static List<BackupMapping> CheckMapping(IReadOnlyList<LicenseView> own, BackupLicenseListContent list, IReadOnlyList<BackupMappingRequest> requested)
    {
        if (requested.Count == 0)
        {
            throw new LicensingException(ErrorCodes.BackupMappingInvalid, "Map at least one license: mapping [{primaryLicense, backupLicense}] (olic backup create --map PRIMARY=BACKUP).");
        }

        var primaries = own.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var backups = list.Licenses.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var mapping = new List<BackupMapping>();
        var enterprise = false;
        foreach (var pair in requested)
        {
            if (string.IsNullOrWhiteSpace(pair.PrimaryLicense) || string.IsNullOrWhiteSpace(pair.BackupLicense))
            {
                throw LicensingException.BadRequest("mapping: every pair needs primaryLicense and backupLicense.");
            }

            if (!primaries.TryGetValue(pair.PrimaryLicense, out var primary) || primary.Status != "active")
            {
                throw Invalid($"Primary license '{pair.PrimaryLicense}' is not an active license of this server.");
            }

            if (!backups.TryGetValue(pair.BackupLicense, out var backup) || backup.Status != "active")
            {
                throw Invalid($"Backup license '{pair.BackupLicense}' is not an active license of the backup server '{list.ServerName}' (its list has: {string.Join(", ", list.Licenses.Select(l => l.Id))}).");
            }

            if (!string.Equals(primary.Product, backup.Product, StringComparison.Ordinal))
            {
                throw Invalid($"License '{primary.Id}' is for product '{primary.Product}' but backup license '{backup.Id}' is for '{backup.Product}': a license maps to one of the same product.");
            }

            var uncovered = primary.Features.Select(f => f.Name).Except(backup.Features, StringComparer.Ordinal).ToList();
            if (uncovered.Count > 0)
            {
                throw Invalid($"Backup license '{backup.Id}' does not cover feature(s) {string.Join(", ", uncovered)} of primary license '{primary.Id}'.");
            }

            if (mapping.Any(m => m.PrimaryLicense == primary.Id || m.BackupLicense == backup.Id))
            {
                throw Invalid($"License '{primary.Id}' or '{backup.Id}' is mapped twice; each license maps to one other.");
            }

            enterprise |= IsEnterprise(primary.Edition) && IsEnterprise(backup.Edition);
            mapping.Add(new BackupMapping(primary.Id, backup.Id, primary.Product));
        }

        if (!enterprise)
        {
            throw new LicensingException(ErrorCodes.EnterpriseRequired, "A backup relationship needs at least one mapped pair of enterprise licenses: an enterprise license of this server mapped to an enterprise license of the backup (R-REL-1, the seed's requirements: each server hosts an enterprise license).");
        }

        return mapping;
    }

    private static bool IsEnterprise(string edition) => string.Equals(edition, "enterprise", StringComparison.OrdinalIgnoreCase);

    private static LicensingException Invalid(string detail) => new(ErrorCodes.BackupMappingInvalid, detail);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
