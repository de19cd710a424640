using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Settings;

/// <summary>The cluster's settings; every change is written before it is answered, so it survives restarts (R-MAINT-2).</summary>
[GrainType("settings")]
internal sealed class SettingsGrain(
    [PersistentState("settings", LicenseStorage.StateStorageName)] IPersistentState<SettingsState> settings,
    LoginLookups lookups,
    TimeProvider clock) : Grain, ISettingsGrain
{
    public Task<SettingsView> Get() => Task.FromResult(View());

    public async Task<SettingsView> Update(SettingsView update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!SessionTimeouts.IsValid(update.ClientTimeoutSeconds))
        {
            throw LicensingException.BadRequest(
                $"clientTimeoutSeconds must be between {SessionTimeouts.MinSeconds} and {SessionTimeouts.MaxSeconds} (was {update.ClientTimeoutSeconds}).");
        }

        var rules = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (product, rule) in update.BorrowRules ?? new Dictionary<string, BorrowRuleView>())
        {
            if (string.IsNullOrWhiteSpace(product))
            {
                throw LicensingException.BadRequest("borrowRules: a product name is empty.");
            }

            if (rule is null || rule.MaxHours < 1 || rule.MaxHours > BorrowLimits.RuleMaxHours)
            {
                throw LicensingException.BadRequest(
                    $"borrowRules.{product}.maxHours must be between 1 and {BorrowLimits.RuleMaxHours} (was {rule?.MaxHours}).");
            }

            rules[product] = rule.MaxHours;
        }

        var maintenanceSwitched = update.Maintenance != settings.State.Maintenance;
        settings.State.ClientTimeoutSeconds = update.ClientTimeoutSeconds;
        settings.State.Maintenance = update.Maintenance;
        settings.State.BorrowRuleMaxHours = rules;
        await WriteAsync(maintenanceSwitched, cancellationToken);

        // A primary of a backup relationship sends the change to its backup at once (R-BAK-2).
        GrainFactory.GetGrain<IRelationshipGrain>(IRelationshipGrain.Key).SettingsChanged().Ignore();
        return View();
    }

    public async Task<SettingsView> ApplySynced(int clientTimeoutSeconds, IReadOnlyDictionary<string, int> borrowRuleMaxHours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(borrowRuleMaxHours);
        settings.State.ClientTimeoutSeconds = clientTimeoutSeconds;
        settings.State.BorrowRuleMaxHours = new Dictionary<string, int>(borrowRuleMaxHours, StringComparer.Ordinal);
        await WriteAsync(maintenanceSwitched: false, cancellationToken);
        return View();
    }

    public async Task<SettingsView> SetMaintenance(bool maintenance, CancellationToken cancellationToken)
    {
        var maintenanceSwitched = maintenance != settings.State.Maintenance;
        settings.State.Maintenance = maintenance;
        await WriteAsync(maintenanceSwitched, cancellationToken);
        return View();
    }

    private async Task WriteAsync(bool maintenanceSwitched, CancellationToken cancellationToken)
    {
        await settings.WriteStateAsync(cancellationToken);
        lookups.InvalidateSettings();
        if (maintenanceSwitched && lookups.PropagationDelay > TimeSpan.Zero)
        {
            // Other silos log in from their copy of the settings until it expires: answer the switch
            // only when every silo follows it (R-MAINT-1: refuses logins, or serves them again).
            await Task.Delay(lookups.PropagationDelay, clock, cancellationToken);
        }
    }

    private SettingsView View() => new(
        settings.State.ClientTimeoutSeconds,
        settings.State.Maintenance,
        settings.State.BorrowRuleMaxHours.ToDictionary(kv => kv.Key, kv => new BorrowRuleView(kv.Value), StringComparer.Ordinal));
}
