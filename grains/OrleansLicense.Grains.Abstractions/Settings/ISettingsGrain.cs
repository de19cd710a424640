using OrleansLicense.Contracts.Admin;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Settings;

/// <summary>The cluster's settings (one grain, key <see cref="Key"/>): timeout, maintenance mode, borrow rules. Durable.</summary>
public interface ISettingsGrain : IGrainWithStringKey
{
    /// <summary>The single key of the settings grain.</summary>
    public const string Key = "cluster";

    /// <summary>The current settings.</summary>
    /// <remarks>
    /// Interleaves even with a change: in a grid a maintenance switch holds its turn until every silo
    /// follows it (about a second), and the silos' copies must be able to refresh meanwhile.
    /// </remarks>
    [AlwaysInterleave]
    Task<SettingsView> Get();

    /// <summary>Replaces the settings after validation (timeout 60 s to 48 h; borrow rules 1 to 4320 hours).</summary>
    /// <exception cref="Errors.LicensingException">bad_request naming the field.</exception>
    Task<SettingsView> Update(SettingsView settings, CancellationToken cancellationToken);

    /// <summary>
    /// A backup server: takes the primary's client timeout and borrow rules as they are (R-BAK-2), keeping its own
    /// maintenance mode. The relationship grain validated them.
    /// </summary>
    Task<SettingsView> ApplySynced(int clientTimeoutSeconds, IReadOnlyDictionary<string, int> borrowRuleMaxHours, CancellationToken cancellationToken);

    /// <summary>Switches maintenance mode on or off (R-MAINT-2: survives restarts).</summary>
    Task<SettingsView> SetMaintenance(bool maintenance, CancellationToken cancellationToken);
}
