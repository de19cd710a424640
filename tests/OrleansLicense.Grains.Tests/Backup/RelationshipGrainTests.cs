using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Access;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Backup;

/// <summary>Issue #17: the relationship grain's versioned settings (R-BAK-2) and its dissolve (R-BAK-6, R-REL-1).</summary>
public sealed class RelationshipGrainTests : SiloTestBase
{
    private static readonly BackupServer Primary = new("grid-p", "grid-p", ["http://127.0.0.1:1"]);
    private static readonly BackupServer Backup = new("grid-b", "grid-b", ["http://127.0.0.1:2"]);

    private FakePartnerLink Link { get; } = new();

    private IRelationshipGrain Relationship => Silo.Grains.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key);

    private ISettingsGrain Settings => Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);

    private IAccessRulesGrain Access => Silo.Grains.GetGrain<IAccessRulesGrain>(IAccessRulesGrain.Key);

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo => silo.Services.AddSingleton<IBackupPartnerLink>(Link));

    [Fact]
    public async Task R_BAK_2_the_backup_applies_a_version_whole_and_never_an_older_one()
    {
        await Relationship.Create(Relation(BackupRole.Backup), CancellationToken.None);
        var v2 = Synced(2, 300, ("cad", 48), [new AccessRule(7, false, "everyone", "10.0.0.0/8")], [new NamedAdmin("ann", new string('a', 64))]);

        var applied = await Relationship.ApplySettings(v2, CancellationToken.None);

        Assert.Equal(2, applied.SettingsVersion);
        Assert.NotNull(applied.LastSync);
        var settings = await Settings.Get();
        Assert.Equal(300, settings.ClientTimeoutSeconds);
        Assert.Equal(48, settings.BorrowRules["cad"].MaxHours);
        var access = await Access.Get();
        Assert.Equal(7, Assert.Single(access.Rules).Id);
        Assert.Equal("ann", Assert.Single(access.Admins).Name);

        // Settings from the primary carry its gateways now.
        await Relationship.ApplySettings(v2 with { PrimaryAddresses = ["http://127.0.0.1:1", "http://127.0.0.1:4"] }, CancellationToken.None);
        Assert.Equal(["http://127.0.0.1:1", "http://127.0.0.1:4"], (await Relationship.Get())!.Relationship.Partner.Addresses);

        // Older over newer is refused, and changes nothing.
        var stale = await Assert.ThrowsAsync<LicensingException>(() => Relationship.ApplySettings(Synced(1, 600, ("cad", 1), [], []), CancellationToken.None));
        Assert.Equal(ErrorCodes.SettingsStale, stale.Code);
        Assert.Equal(300, (await Settings.Get()).ClientTimeoutSeconds);
        Assert.Single((await Access.Get()).Rules);

        // A newer version with one invalid value is refused whole: neither the timeout nor the rules change.
        var invalid = await Assert.ThrowsAsync<LicensingException>(() => Relationship.ApplySettings(Synced(3, 600, ("cad", 99999), [], []), CancellationToken.None));
        Assert.Equal(ErrorCodes.BadRequest, invalid.Code);
        Assert.Equal(300, (await Settings.Get()).ClientTimeoutSeconds);
        Assert.Single((await Access.Get()).Rules);
        Assert.Equal(2, (await Relationship.Get())!.SettingsVersion);

        // Maintenance is each server's own: a sync leaves it as it is, and the applied version survives a restart.
        await Settings.SetMaintenance(true, CancellationToken.None);
        await Relationship.ApplySettings(Synced(3, 900, ("cad", 12), [], []), CancellationToken.None);
        Assert.True((await Settings.Get()).Maintenance);
        await RestartAsync();
        Assert.Equal(3, (await Relationship.Get())!.SettingsVersion);
        Assert.Equal(900, (await Settings.Get()).ClientTimeoutSeconds);
        Assert.Empty((await Access.Get()).Rules);
    }

    [Fact]
    public async Task R_BAK_2_the_same_version_again_restores_settings_changed_on_the_backup()
    {
        await Relationship.Create(Relation(BackupRole.Backup), CancellationToken.None);
        var v1 = Synced(1, 300, ("cad", 48), [], []);
        await Relationship.ApplySettings(v1, CancellationToken.None);
        await Settings.Update(new SettingsView(700, false, new Dictionary<string, BorrowRuleView>()), CancellationToken.None);

        await Relationship.ApplySettings(v1, CancellationToken.None);

        Assert.Equal(300, (await Settings.Get()).ClientTimeoutSeconds);
    }

    [Fact]
    public async Task R_BAK_2_the_primary_pushes_a_new_version_after_each_change_and_the_same_version_when_nothing_changed()
    {
        await Relationship.Create(Relation(BackupRole.Primary), CancellationToken.None);
        Assert.True(await Eventually(() => Task.FromResult(Link.Pushed.Count >= 1)));
        var first = Link.Pushed[^1].Version;

        await Settings.Update(new SettingsView(400, false, new Dictionary<string, BorrowRuleView>()), CancellationToken.None);
        Assert.True(await Eventually(() => Task.FromResult(Link.Pushed[^1].ClientTimeoutSeconds == 400)));
        Assert.Equal(first + 1, Link.Pushed[^1].Version);

        var access = await Access.Get();
        await Access.ReplaceRules(access.Version, [new AccessRule(0, true, "token", "any")], CancellationToken.None);
        Assert.True(await Eventually(() => Task.FromResult(Link.Pushed[^1].Rules.Count == 1)));
        Assert.Equal(first + 2, Link.Pushed[^1].Version);

        // Sync now with nothing changed repeats the version; maintenance is not synced, so it makes no new version.
        await Settings.SetMaintenance(true, CancellationToken.None);
        var synced = await Relationship.SyncNow(CancellationToken.None);
        Assert.Equal(first + 2, synced.SettingsVersion);
        Assert.Equal(first + 2, Link.Pushed[^1].Version);
        Assert.Null(synced.LastError);

        // The backup's answer names its gateways now: the primary keeps them for the login hints.
        Link.Addresses = ["http://127.0.0.1:2", "http://127.0.0.1:3"];
        await Relationship.SyncNow(CancellationToken.None);
        Assert.Equal(["http://127.0.0.1:2", "http://127.0.0.1:3"], (await Relationship.Get())!.Relationship.Partner.Addresses);

        // The partner down: sync now says why, and the backup's role refuses settings meant for a backup.
        Link.Reachable = false;
        var failed = await Relationship.SyncNow(CancellationToken.None);
        Assert.StartsWith(ErrorCodes.PartnerUnreachable, failed.LastError, StringComparison.Ordinal);
        var wrongSide = await Assert.ThrowsAsync<LicensingException>(() => Relationship.ApplySettings(Synced(9, 300, ("cad", 1), [], []), CancellationToken.None));
        Assert.Equal(ErrorCodes.Conflict, wrongSide.Code);
    }

    [Fact]
    public async Task R_BAK_6_dissolving_with_the_partner_down_waits_until_it_is_told_and_R_REL_1_blocks_a_new_relationship_meanwhile()
    {
        await Relationship.Create(Relation(BackupRole.Backup), CancellationToken.None);
        var again = await Assert.ThrowsAsync<LicensingException>(() => Relationship.Create(Relation(BackupRole.Backup), CancellationToken.None));
        Assert.Equal(ErrorCodes.AlreadyInRelationship, again.Code);

        Link.Reachable = false;
        var dissolving = await Relationship.Dissolve(force: false, CancellationToken.None);
        Assert.NotNull(dissolving);
        Assert.True(dissolving.Dissolving);

        // Still dissolving after a restart, and still one relationship.
        await RestartAsync();
        Assert.True((await Relationship.Get())!.Dissolving);
        var blocked = await Assert.ThrowsAsync<LicensingException>(() => Relationship.Create(Relation(BackupRole.Primary), CancellationToken.None));
        Assert.Equal(ErrorCodes.AlreadyInRelationship, blocked.Code);

        Link.Reachable = true;
        Assert.Null(await Relationship.Dissolve(force: false, CancellationToken.None));
        Assert.Equal(1, Link.DissolveNotices);
        Assert.Null(await Relationship.Get());
    }

    [Fact]
    public async Task R_BAK_6_the_partner_dissolving_forgets_the_relationship_here_but_only_its_own()
    {
        await Relationship.Create(Relation(BackupRole.Backup), CancellationToken.None);

        await Relationship.PartnerDissolved("another-relationship", CancellationToken.None);
        Assert.NotNull(await Relationship.Get());

        await Relationship.PartnerDissolved("bk-1", CancellationToken.None);
        Assert.Null(await Relationship.Get());
    }

    private static BackupRelationship Relation(BackupRole role) => new(
        "bk-1",
        role,
        role == BackupRole.Primary ? Primary : Backup,
        role == BackupRole.Primary ? Backup : Primary,
        [new BackupMapping("P1", "B1", "cad")],
        "credential",
        "partner-key",
        DateTimeOffset.UnixEpoch);

    private static SyncedSettings Synced(long version, int timeout, (string Product, int Hours) rule, IReadOnlyList<AccessRule> rules, IReadOnlyList<NamedAdmin> admins)
        => new("bk-1", version, timeout, new Dictionary<string, int> { [rule.Product] = rule.Hours }, rules, admins, DateTimeOffset.UnixEpoch);
}
