using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>Checks borrow and usage bodies before they reach a grain; answers the bad_request sentence naming the field, or null.</summary>
internal static class BorrowRequestValidator
{
    public static string? Validate(BorrowRequest? request)
    {
        if (request is null)
        {
            return "The body must be a borrow request.";
        }

        if (string.IsNullOrWhiteSpace(request.Product))
        {
            return "product is required.";
        }

        if (LicenseIdProblem(request.LicenseId) is { } licenseId)
        {
            return licenseId;
        }

        foreach (var feature in request.Features ?? [])
        {
            if (feature is null || !LicenseDocumentValidator.IsValidFeatureName(feature.Name))
            {
                return $"features: '{feature?.Name}' is not a valid feature name.";
            }

            if (feature.Count < 1)
            {
                return $"features.{feature.Name}.count must be at least 1 (was {feature.Count}).";
            }
        }

        return !request.Distribute && request.Hours < 1 ? $"hours must be at least 1 (was {request.Hours})." : null;
    }

    public static string? Validate(UsageUploadRequest? request)
    {
        if (request is null)
        {
            return "The body must be a usage upload.";
        }

        if (string.IsNullOrWhiteSpace(request.Product))
        {
            return "product is required.";
        }

        return LicenseIdProblem(request.LicenseId)
            ?? (request.Record?.Features is null ? "record with features (may be empty) is required." : null);
    }

    // An optional license id names a grain: an empty or impossible one is the client's mistake, not a server error (found by the #14 item 10 fuzz test).
    private static string? LicenseIdProblem(string? licenseId)
        => licenseId is null ? null
            : string.IsNullOrWhiteSpace(licenseId) || licenseId.Length > LicenseDocumentValidator.MaxTextLength || licenseId.Any(char.IsControl)
                ? $"licenseId, when given, must be 1 to {LicenseDocumentValidator.MaxTextLength} characters without control characters."
                : null;

    /// <summary>Parses an optional <c>yyyy-MM-dd</c> query value.</summary>
    public static bool TryDate(string? text, string name, out DateOnly? date, out string? problem)
    {
        date = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        problem = $"{name} must be a date yyyy-MM-dd (was '{text}').";
        return false;
    }
}
