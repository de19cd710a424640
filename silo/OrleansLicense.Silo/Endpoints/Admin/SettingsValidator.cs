using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>Checks settings before the settings grain sees them; each answer names the field.</summary>
internal static class SettingsValidator
{
    /// <summary>Longest borrow rule: 180 days (R-BOR rules).</summary>
    public const int MaxBorrowHours = 4320;

    /// <summary>Most borrow rules: one per product, far more products than a site licenses, and a bounded settings state.</summary>
    public const int MaxBorrowRules = 200;

    /// <summary>The problem with the settings, or null when they are acceptable.</summary>
    public static string? Validate(SettingsView settings)
    {
        if (!SessionTimeouts.IsValid(settings.ClientTimeoutSeconds))
        {
            return $"clientTimeoutSeconds must be between {SessionTimeouts.MinSeconds} and {SessionTimeouts.MaxSeconds} (was {settings.ClientTimeoutSeconds}).";
        }

        var rules = settings.BorrowRules ?? new Dictionary<string, BorrowRuleView>();
        if (rules.Count > MaxBorrowRules)
        {
            return $"borrowRules has {rules.Count} rules; at most {MaxBorrowRules} are allowed.";
        }

        foreach (var (product, rule) in rules)
        {
            // Keys are product names: the same rules as a license's product (#14 item 7), since they are copied to every silo and shown.
            if (string.IsNullOrWhiteSpace(product))
            {
                return "borrowRules has a rule without a product name.";
            }

            if (product.Length > LicenseDocumentValidator.MaxTextLength)
            {
                return $"borrowRules has a product name longer than {LicenseDocumentValidator.MaxTextLength} characters.";
            }

            if (product.Any(char.IsControl))
            {
                return $"borrowRules product name '{Printable(product)}' contains a control character.";
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

    // The detail names the key without echoing control characters into logs and terminals.
    private static string Printable(string text)
        => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
