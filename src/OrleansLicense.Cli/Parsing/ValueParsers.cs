using System.Globalization;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Cli.Parsing;

/// <summary>
/// Parsers for option values, each failing with a usage error that quotes the value and shows a
/// correct example: System.CommandLine's own type errors name CLR types, which users cannot act on.
/// </summary>
internal static class ValueParsers
{
    public static int PositiveInt(string text, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw CliException.Usage($"{what} must be a positive whole number, not '{text}'.");
        }

        return value;
    }

    /// <summary>Parses <c>name=seats</c>.</summary>
    public static LicenseFeature Feature(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw CliException.Usage($"--feature '{text}' must be name=seats, e.g. --feature draw=5.");
        }

        var name = text[..equals];
        if (!LicenseDocumentValidator.IsValidFeatureName(name))
        {
            throw CliException.Usage(
                $"'{name}' is not a valid feature name: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return new LicenseFeature(name, PositiveInt(text[(equals + 1)..], $"the seats of feature '{name}'"));
    }

    /// <summary>The features of <c>--feature</c> options, refusing names that repeat (ignoring case, as licenses do).</summary>
    public static IReadOnlyList<LicenseFeature> Features(IEnumerable<string> texts)
    {
        var features = new List<LicenseFeature>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in texts)
        {
            var feature = Feature(text);
            if (!seen.Add(feature.Name))
            {
                throw CliException.Usage($"feature '{feature.Name}' is given more than once (feature names ignore case).");
            }

            features.Add(feature);
        }

        return features.Count > 0
            ? features
            : throw CliException.Usage("give at least one --feature name=seats.");
    }

    /// <summary>
    /// Parses <c>2027-12-31</c> as the end of that day UTC, or an ISO 8601 date-time (UTC unless it
    /// carries an offset). The end of the day is 23:59:59Z: readable in listings, and a license is valid
    /// while now &lt; expiry, so only the day's last second is lost.
    /// </summary>
    public static DateTimeOffset Expiry(string text)
    {
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc));
        }

        if (trimmed.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        throw CliException.Usage($"--expires '{text}' is neither a date (2027-12-31) nor an ISO 8601 date-time (2027-12-31T18:00:00Z).");
    }

    /// <summary>Parses <c>product=hours</c>.</summary>
    public static KeyValuePair<string, int> BorrowRule(string text)
    {
        // The last '=' splits, so the hours are always the part after it.
        var equals = text.LastIndexOf('=');
        if (equals <= 0 || string.IsNullOrWhiteSpace(text[..equals]))
        {
            throw CliException.Usage($"--borrow-rule '{text}' must be product=hours, e.g. --borrow-rule acme-cad=720.");
        }

        var product = text[..equals].Trim();
        return new(product, PositiveInt(text[(equals + 1)..], $"the borrow hours of product '{product}'"));
    }
}
