using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Licensing.Borrowing;

/// <summary>Value rules shared by the borrow files.</summary>
internal static class BorrowChecks
{
    /// <summary>A problem sentence, or null when the feature list is valid (names valid and distinct, counts at least 1).</summary>
    public static string? Features(IReadOnlyList<BorrowedFeature>? features)
    {
        if (features is null)
        {
            return "features must be a list.";
        }

        foreach (var feature in features)
        {
            if (feature is null || !LicenseDocumentValidator.IsValidFeatureName(feature.Name))
            {
                return $"feature name '{feature?.Name}' is not valid.";
            }

            if (feature.Count < 1)
            {
                return $"feature '{feature.Name}' count must be at least 1 (was {feature.Count}).";
            }
        }

        return features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() == features.Count ? null : "feature names must be distinct.";
    }
}
