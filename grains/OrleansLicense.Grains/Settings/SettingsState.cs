using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Grains.Settings;

/// <summary>The stored settings of a cluster.</summary>
public sealed class SettingsState
{
    public int ClientTimeoutSeconds { get; set; } = SessionTimeouts.DefaultSeconds;

    public bool Maintenance { get; set; }

    public Dictionary<string, int> BorrowRuleMaxHours { get; set; } = new(StringComparer.Ordinal);
}
