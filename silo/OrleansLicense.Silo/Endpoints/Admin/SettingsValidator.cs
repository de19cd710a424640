using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>Checks settings before the settings grain sees them; each answer names the field.</summary>
internal static class SettingsValidator
{
    /// <summary>Longest borrow rule: 180 days (R-BOR rules).</summary>
    public const int MaxBorrowHours = 4320;

    /// <summary>The problem with the settings, or null when they are acceptable.</summary>
    public static string? Validate(SettingsView settings)
    {
        if (!SessionTimeouts.IsValid(settings.ClientTimeoutSeconds))
        {
            return $"clientTimeoutSeconds must be between {SessionTimeouts.MinSeconds} and {SessionTimeouts.MaxSeconds} (was {settings.ClientTimeoutSeconds}).";
        }

        foreach (var (product, rule) in settings.BorrowRules ?? new Dictionary<string, BorrowRuleView>())
        {
            if (string.IsNullOrWhiteSpace(product))
            {
                return "borrowRules has a rule without a product name.";
            }

            if (rule is null)
            {
                return $"borrowRules.{product} is missing its maxHours.";
            }

            if (rule.MaxHours is < 1 or > MaxBorrowHours)
            {
                return $"borrowRules.{product}.maxHours must be between 1 and {MaxBorrowHours} (was {rule.MaxHours}).";
            }
        }

        return null;
    }
}
