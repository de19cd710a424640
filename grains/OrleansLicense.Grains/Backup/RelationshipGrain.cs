using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Access;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Backup;

/// <summary>
/// This grid's side of its backup relationship (R-BAK-1..6). The primary's twin pushes a versioned snapshot of the
/// settings on a timer, at once after a change and on "sync now"; the backup's twin stores a snapshot before it applies
/// it to the settings and access-rule grains and applies a stored one again on activation, so a snapshot is never left
/// half applied (R-BAK-2). Dissolving with the partner unreachable leaves the relationship "dissolving" until the
/// timer reaches the partner.
/// </summary>
[GrainType("backup-relationship")]
internal sealed partial class RelationshipGrain(
    [PersistentState("backup-relationship", LicenseStorage.StateStorageName)] IPersistentState<RelationshipState> state,
    IBackupPartnerLink link,
    IOptions<BackupOptions> options,
    TimeProvider clock,
    ILogger<RelationshipGrain> logger) : Grain, IRelationshipGrain
{
    private DateTimeOffset? _lastContact;
    private string? _lastError;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending is not null)
        {
            await ApplyPendingAsync(cancellationToken);
        }

        var period = options.Value.SyncPeriod > TimeSpan.Zero ? options.Value.SyncPeriod : TimeSpan.FromSeconds(30);
        this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    public Task<BackupStatus?> Get() => Task.FromResult(Status());

    public async Task<BackupStatus> Create(BackupRelationship relationship, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        if (state.State.Relationship is { } existing)
        {
            throw new LicensingException(
                ErrorCodes.AlreadyInRelationship,
                $"This server is already the {Role(existing.Role)} of the backup relationship '{existing.Id}' with '{existing.Partner.Name}'"
                + (state.State.Dissolving ? " (dissolving: the partner has not been told yet)" : "") + "; a server joins at most one relationship (R-REL-1).");
        }

        state.State = new RelationshipState { Relationship = relationship };
        await state.WriteStateAsync(cancellationToken);
        _lastContact = null;
        _lastError = null;
        LogCreated(logger, relationship.Id, Role(relationship.Role), relationship.Partner.Name);
        if (relationship.Role == BackupRole.Primary)
        {
            // The first push follows this call's answer, so creating does not wait for the partner.
            this.AsReference<IRelationshipGrain>().SettingsChanged().Ignore();
        }

        return Status()!;
    }

    public Task SettingsChanged() => PushAsync(CancellationToken.None);

    public async Task<BackupStatus> SyncNow(CancellationToken cancellationToken)
    {
        RequireRole(BackupRole.Primary, "Settings are sent by the primary: run 'sync now' there.");
        await PushAsync(cancellationToken);
        return Status()!;
    }

    public Task<SyncedSettings> Snapshot(CancellationToken cancellationToken)
    {
        RequireRole(BackupRole.Primary, "Settings are exported on the primary.");
        return TakeSnapshotAsync(cancellationToken);
    }

    public async Task<BackupStatus> ApplySettings(SyncedSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var relationship = RequireRole(BackupRole.Backup, "This server is the primary: settings flow from it, not to it.");
        if (!string.Equals(settings.RelationshipId, relationship.Id, StringComparison.Ordinal))
        {
            throw LicensingException.BadRequest($"These settings belong to the relationship '{settings.RelationshipId}', not to '{relationship.Id}'.");
        }

        _lastContact = clock.GetUtcNow();
        _lastError = null;
        if (settings.Version < state.State.SettingsVersion)
        {
            throw new LicensingException(
                ErrorCodes.SettingsStale,
                $"These settings are version {settings.Version}; version {state.State.SettingsVersion} is applied already and an older one never replaces it.");
        }

        if (settings.PrimaryAddresses is { Count: > 0 } addresses && !addresses.SequenceEqual(relationship.Partner.Addresses, StringComparer.Ordinal))
        {
            KeepPartnerAddresses(addresses);
            await state.WriteStateAsync(cancellationToken);
        }

        if (settings.Version == state.State.SettingsVersion && state.State.Pending is null
            && string.Equals(ContentKey(await LocalSettingsAsync(relationship.Id)), ContentKey(settings), StringComparison.Ordinal))
        {
            // A repeat of what is applied. The same version over settings changed here is applied again: the
            // backup's own changes of synced settings last until the next sync.
            return Status()!;
        }

        Validate(settings);
        state.State.Pending = settings;
        await state.WriteStateAsync(cancellationToken);
        await ApplyPendingAsync(cancellationToken);
        return Status()!;
    }

    public async Task<BackupStatus?> Dissolve(bool force, CancellationToken cancellationToken)
    {
        var relationship = state.State.Relationship
            ?? throw new LicensingException(ErrorCodes.NotInRelationship, "This server is in no backup relationship.");
        if (!state.State.Dissolving)
        {
            state.State.Dissolving = true;
            await state.WriteStateAsync(cancellationToken);
        }

        if (!force && !await TellPartnerAsync(relationship, cancellationToken))
        {
            return Status();
        }

        await ForgetAsync(relationship, "dissolved here" + (force ? " (forced, the partner not told)" : ""), cancellationToken);
        return null;
    }

    public async Task PartnerDissolved(string relationshipId, CancellationToken cancellationToken)
    {
        if (state.State.Relationship is { } relationship && string.Equals(relationship.Id, relationshipId, StringComparison.Ordinal))
        {
            await ForgetAsync(relationship, "dissolved by the partner", cancellationToken);
        }
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        if (state.State.Relationship is not { } relationship)
        {
            return;
        }

        if (state.State.Dissolving)
        {
            if (await TellPartnerAsync(relationship, cancellationToken))
            {
                await ForgetAsync(relationship, "dissolved here; the partner is told now", cancellationToken);
            }

            return;
        }

        await PushAsync(cancellationToken);
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        if (state.State.Relationship is not { Role: BackupRole.Primary } relationship || state.State.Dissolving)
        {
            return;
        }

        var snapshot = await TakeSnapshotAsync(cancellationToken);
        IReadOnlyList<string>? partnerAddresses;
        try
        {
            partnerAddresses = await link.PushSettingsAsync(relationship, snapshot, cancellationToken);
        }
        catch (LicensingException failed)
        {
            NoteFailure(relationship, failed);
            return;
        }

        _lastContact = clock.GetUtcNow();
        _lastError = null;
        state.State.LastSync = _lastContact;
        KeepPartnerAddresses(partnerAddresses);
        await state.WriteStateAsync(cancellationToken);
    }

    // The partner's gateways as it last gave them, so login hints name the silos it has now (a grid grows and shrinks).
    private void KeepPartnerAddresses(IReadOnlyList<string>? addresses)
    {
        if (addresses is { Count: > 0 } && state.State.Relationship is { } relationship && !addresses.SequenceEqual(relationship.Partner.Addresses, StringComparer.Ordinal))
        {
            state.State.Relationship = relationship with { Partner = relationship.Partner with { Addresses = [.. addresses] } };
        }
    }

    private async Task<bool> TellPartnerAsync(BackupRelationship relationship, CancellationToken cancellationToken)
    {
        try
        {
            await link.NotifyDissolvedAsync(relationship, cancellationToken);
            return true;
        }
        catch (LicensingException failed) when (failed.Code is ErrorCodes.PartnerRefused or ErrorCodes.NotInRelationship)
        {
            // The partner no longer knows the relationship's credential: it dissolved its side already.
            return true;
        }
        catch (LicensingException failed)
        {
            NoteFailure(relationship, failed);
            return false;
        }
    }

    private async Task<SyncedSettings> TakeSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = await LocalSettingsAsync(state.State.Relationship!.Id);
        var key = ContentKey(snapshot);
        if (!string.Equals(key, state.State.ContentKey, StringComparison.Ordinal))
        {
            // A new version only when the content changed: a periodic push of the same settings is a repeat, not news.
            state.State.SettingsVersion++;
            state.State.ContentKey = key;
            await state.WriteStateAsync(cancellationToken);
            snapshot = snapshot with { Version = state.State.SettingsVersion };
        }

        return snapshot;
    }

    // This server's synced settings as they are now, with the version last sent or applied.
    private async Task<SyncedSettings> LocalSettingsAsync(string relationshipId)
    {
        var settings = await GrainFactory.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get();
        var access = await GrainFactory.GetGrain<IAccessRulesGrain>(IAccessRulesGrain.Key).Get();
        var rules = settings.BorrowRules.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value.MaxHours, StringComparer.Ordinal);
        return new SyncedSettings(relationshipId, state.State.SettingsVersion, settings.ClientTimeoutSeconds, rules, access.Rules, access.Admins, clock.GetUtcNow());
    }

    private async Task ApplyPendingAsync(CancellationToken cancellationToken)
    {
        var pending = state.State.Pending!;
        await GrainFactory.GetGrain<ISettingsGrain>(ISettingsGrain.Key).ApplySynced(pending.ClientTimeoutSeconds, pending.BorrowRules, cancellationToken);
        await GrainFactory.GetGrain<IAccessRulesGrain>(IAccessRulesGrain.Key).ReplaceAll(pending.Rules, pending.Admins, cancellationToken);
        state.State.SettingsVersion = pending.Version;
        state.State.LastSync = clock.GetUtcNow();
        state.State.Pending = null;
        await state.WriteStateAsync(cancellationToken);
        LogApplied(logger, pending.Version, pending.RelationshipId);
    }

    private async Task ForgetAsync(BackupRelationship relationship, string how, CancellationToken cancellationToken)
    {
        state.State = new RelationshipState();
        await state.WriteStateAsync(cancellationToken);
        _lastContact = null;
        _lastError = null;
        LogDissolved(logger, relationship.Id, relationship.Partner.Name, how);
    }

    private void NoteFailure(BackupRelationship relationship, LicensingException failed)
    {
        _lastError = $"{failed.Code}: {failed.Message}";
        if (failed.Code != ErrorCodes.PartnerUnreachable)
        {
            // The partner answered, if only to refuse.
            _lastContact = clock.GetUtcNow();
        }

        LogPartnerFailed(logger, relationship.Id, relationship.Partner.Name, failed.Code, failed.Message);
    }

    private BackupRelationship RequireRole(BackupRole role, string otherwise)
    {
        var relationship = state.State.Relationship;
        if (relationship is null || state.State.Dissolving)
        {
            throw new LicensingException(ErrorCodes.NotInRelationship, "This server is in no backup relationship" + (relationship is null ? "." : " (it is dissolving)."));
        }

        return relationship.Role == role ? relationship : throw new LicensingException(ErrorCodes.Conflict, otherwise);
    }

    private BackupStatus? Status() => state.State.Relationship is { } relationship
        ? new BackupStatus(relationship, state.State.Dissolving, state.State.LastSync, _lastContact, _lastError, state.State.SettingsVersion)
        : null;

    // Checked before anything is stored, so settings a server would refuse are refused whole.
    private static void Validate(SyncedSettings settings)
    {
        if (!SessionTimeouts.IsValid(settings.ClientTimeoutSeconds))
        {
            throw LicensingException.BadRequest($"clientTimeoutSeconds must be between {SessionTimeouts.MinSeconds} and {SessionTimeouts.MaxSeconds} (was {settings.ClientTimeoutSeconds}).");
        }

        foreach (var (product, hours) in settings.BorrowRules)
        {
            if (string.IsNullOrWhiteSpace(product) || hours < 1 || hours > BorrowLimits.RuleMaxHours)
            {
                throw LicensingException.BadRequest($"borrowRules.{product}.maxHours must be between 1 and {BorrowLimits.RuleMaxHours} (was {hours}).");
            }
        }

        if (settings.Rules.Any(r => string.IsNullOrWhiteSpace(r.Who) || string.IsNullOrWhiteSpace(r.Where))
            || settings.Admins.Any(a => string.IsNullOrWhiteSpace(a.Name) || string.IsNullOrWhiteSpace(a.TokenHash)))
        {
            throw LicensingException.BadRequest("An access rule without 'who' or 'where', or a named admin without name or token hash.");
        }
    }

    private static string ContentKey(SyncedSettings settings)
    {
        var key = new StringBuilder().Append(settings.ClientTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        foreach (var (product, hours) in settings.BorrowRules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            key.Append("|b:").Append(product).Append('=').Append(hours.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var rule in settings.Rules)
        {
            key.Append("|r:").Append(rule.Id.ToString(CultureInfo.InvariantCulture)).Append(rule.Allow ? '+' : '-').Append(rule.Who).Append('@').Append(rule.Where);
        }

        foreach (var admin in settings.Admins)
        {
            key.Append("|a:").Append(admin.Name).Append('=').Append(admin.TokenHash);
        }

        return key.ToString();
    }

    private static string Role(BackupRole role) => role == BackupRole.Primary ? "primary" : "backup";

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "Backup relationship {RelationshipId} created: this server is the {Role}, the partner is {Partner}")]
    private static partial void LogCreated(ILogger logger, string relationshipId, string role, string partner);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "Backup settings version {Version} of relationship {RelationshipId} applied")]
    private static partial void LogApplied(ILogger logger, long version, string relationshipId);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning, Message = "Backup relationship {RelationshipId}: the partner {Partner} failed: {Code}: {Detail}")]
    private static partial void LogPartnerFailed(ILogger logger, string relationshipId, string partner, string code, string detail);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Information, Message = "Backup relationship {RelationshipId} with {Partner} is gone: {How}")]
    private static partial void LogDissolved(ILogger logger, string relationshipId, string partner, string how);
}
