using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>
/// Checks client requests before any grain is called; each answer is a sentence naming the field,
/// for 400 <c>bad_request</c>.
/// </summary>
internal static class SessionRequestValidator
{
    /// <summary>Most seats of one feature in one request.</summary>
    public const int MaxCount = 10_000;

    /// <summary>Most features in one request.</summary>
    public const int MaxFeatures = 100;

    /// <summary>Longest client-supplied text (user, host, process, fingerprint).</summary>
    public const int MaxClientText = 256;

    /// <summary>The problem with a login, or null when it is well-formed.</summary>
    public static string? Validate(LoginRequest request)
    {
        var product = CheckText(request.Product, "product", LicenseDocumentValidator.MaxTextLength, required: true);
        if (product is not null)
        {
            return product;
        }

        if (request.QueueSeconds is < 0 or > SessionLimits.MaxQueueSeconds)
        {
            return $"queueSeconds must be between 0 and {SessionLimits.MaxQueueSeconds} (was {request.QueueSeconds}).";
        }

        return ValidateRequestId(request.RequestId)
            ?? (request.LicenseId is null ? null : CheckText(request.LicenseId, "licenseId", LicenseDocumentValidator.MaxTextLength, required: true))
            ?? ValidateFeatures(request.Features)
            ?? ValidateClient(request.Client);
    }

    /// <summary>The problem with a check-out, or null when it is well-formed.</summary>
    public static string? Validate(CheckOutRequest request)
    {
        return ValidateRequestId(request.RequestId) ?? ValidateFeatures(request.Features);
    }

    private static string? ValidateRequestId(string? requestId)
        => requestId is { } id && (id.Length is < 1 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? "requestId must be 1 to 64 letters, digits, '-' or '_'."
            : null;

    /// <summary>The problem with a list of features and counts, or null when it is well-formed.</summary>
    public static string? ValidateFeatures(IReadOnlyList<FeatureRequest>? features)
    {
        if (features is null || features.Count == 0)
        {
            return "features must name at least one feature.";
        }

        if (features.Count > MaxFeatures)
        {
            return $"features has {features.Count} entries; at most {MaxFeatures} are allowed.";
        }

        // Feature names are unique in a license ignoring case, so "Draw" and "draw" are one feature asked for twice.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            if (feature is null)
            {
                return $"features[{i}] is missing.";
            }

            var name = CheckFeatureName(feature.Name, $"features[{i}].name");
            if (name is not null)
            {
                return name;
            }

            if (feature.Count is < 1 or > MaxCount)
            {
                return $"features[{i}].count must be between 1 and {MaxCount} (was {feature.Count}).";
            }

            if (!seen.Add(feature.Name))
            {
                return $"features[{i}].name '{feature.Name}' is named more than once.";
            }
        }

        return null;
    }

    /// <summary>The problem with a feature name, or null when it is well-formed.</summary>
    public static string? CheckFeatureName(string? name, string field)
        => CheckText(name, field, LicenseDocumentValidator.MaxTextLength, required: true);

    private static string? ValidateClient(ClientInfo? client)
    {
        if (client is null)
        {
            return null;
        }

        return CheckText(client.User, "client.user", MaxClientText, required: false)
            ?? CheckText(client.Host, "client.host", MaxClientText, required: false)
            ?? CheckText(client.Process, "client.process", MaxClientText, required: false)
            ?? CheckText(client.Fingerprint, "client.fingerprint", MaxClientText, required: false);
    }

    private static string? CheckText(string? value, string field, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? $"{field} is required." : null;
        }

        if (value.Length > maxLength)
        {
            return $"{field} is longer than {maxLength} characters.";
        }

        return value.Any(char.IsControl) ? $"{field} contains a control character." : null;
    }
}
