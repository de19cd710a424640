using System.Text.RegularExpressions;

namespace OrleansLicense.Licensing.Documents;

/// <summary>
/// Field-value rules of a <see cref="LicenseDocument"/>, checked both when issuing and when
/// verifying, so a signed file with impossible values is refused as well.
/// </summary>
public static partial class LicenseDocumentValidator
{
    /// <summary>The feature-name pattern. <c>\z</c>, not <c>$</c>: <c>$</c> also matches before a trailing newline.</summary>
    public const string FeatureNamePattern = @"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z";

    /// <summary>Longest accepted license id and product name.</summary>
    public const int MaxTextLength = 128;

    /// <summary>True when the name is a valid feature name.</summary>
    public static bool IsValidFeatureName(string? name) => name is not null && FeatureName().IsMatch(name);

    /// <summary>Every problem found, as human sentences; empty when the document is valid.</summary>
    public static IReadOnlyList<string> Validate(LicenseDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<string>();
        CheckText(document.Id, "id", problems);
        CheckText(document.Product, "product", problems);
        if (!Enum.IsDefined(document.Edition))
        {
            problems.Add($"Edition {(int)document.Edition} is not defined.");
        }

        if (document.Expires is { } expires && expires <= document.IssuedAt)
        {
            problems.Add($"Expiry {expires:O} is not after issue time {document.IssuedAt:O}.");
        }

        CheckFlags(document.Flags, problems);
        CheckFeatures(document.Features, problems);
        CheckBinding(document.Binding, problems);
        return problems;
    }

    private static void CheckText(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"The {field} is empty.");
        }
        else if (value.Length > MaxTextLength)
        {
            problems.Add($"The {field} is longer than {MaxTextLength} characters.");
        }
        else if (value.Any(char.IsControl))
        {
            problems.Add($"The {field} contains a control character.");
        }
    }

    private static void CheckFlags(LicenseFlags? flags, List<string> problems)
    {
        if (flags is null)
        {
            problems.Add("The flags are missing.");
            return;
        }

        if (flags.Distributable && !flags.Borrowable)
        {
            problems.Add("A distributable license must also be borrowable.");
        }

        if (flags.ForcedAuthenticationHours is { } hours)
        {
            if (hours < 1)
            {
                problems.Add($"Forced authentication hours must be at least 1, not {hours}.");
            }

            if (!flags.UsageStatistics)
            {
                problems.Add("Forced authentication hours require usage statistics.");
            }
        }
    }

    private static void CheckFeatures(IReadOnlyList<LicenseFeature>? features, List<string> problems)
    {
        if (features is null || features.Count == 0)
        {
            problems.Add("The license has no feature.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            if (feature is null)
            {
                problems.Add($"Feature #{i + 1} is null.");
                continue;
            }

            if (!IsValidFeatureName(feature.Name))
            {
                problems.Add($"Feature name '{feature.Name}' does not match {FeatureNamePattern}.");
            }
            else if (!seen.Add(feature.Name))
            {
                problems.Add($"Feature '{feature.Name}' is listed more than once (names ignore case).");
            }

            if (feature.Seats < 1)
            {
                problems.Add($"Feature '{feature.Name}' has {feature.Seats} seats; at least 1 is required.");
            }
        }
    }

    private static void CheckBinding(LicenseBinding? binding, List<string> problems)
    {
        if (binding is null)
        {
            problems.Add("The binding is missing.");
            return;
        }

        switch (binding.Kind)
        {
            case BindingKind.None when binding.Id is not null:
                problems.Add("An unbound license must not carry a binding id.");
                break;
            case BindingKind.Server or BindingKind.Cluster or BindingKind.Triad when string.IsNullOrWhiteSpace(binding.Id):
                problems.Add($"A {binding.Kind.ToString().ToLowerInvariant()}-bound license needs a binding id.");
                break;
            case BindingKind.None or BindingKind.Server or BindingKind.Cluster or BindingKind.Triad:
                break;
            default:
                problems.Add($"Binding kind {(int)binding.Kind} is not defined.");
                break;
        }
    }

    [GeneratedRegex(FeatureNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex FeatureName();
}
