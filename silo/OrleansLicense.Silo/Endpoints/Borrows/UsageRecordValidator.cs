using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>
/// Checks a usage record before any license stores it (#14 item 3): the records are later exported signed with the
/// grid's key, so one that could not have happened (a future period, a feature the license lacks, more use than the
/// seats allow) is refused with the bad_request sentence naming the field.
/// </summary>
internal static class UsageRecordValidator
{
    /// <summary>How far a client's clock may run ahead of the server's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The longest period one record covers.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>The problem with the record's shape and period, or null.</summary>
    public static string? Validate(UsageRecord record, DateTimeOffset now)
    {
        if (record.From == default || record.To == default)
        {
            return record.From == default ? "record.from is required." : "record.to is required.";
        }

        if (record.To > now + ClockSkew)
        {
            return $"record.to {record.To:O} is in the future.";
        }

        if (record.From > record.To)
        {
            return $"record.from {record.From:O} is after record.to {record.To:O}.";
        }

        if (record.To - record.From > MaxPeriod)
        {
            return $"record.from to record.to spans more than {MaxPeriod.TotalDays:0} days.";
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < record.Features.Count; i++)
        {
            var feature = record.Features[i];
            if (feature is null || !LicenseDocumentValidator.IsValidFeatureName(feature.Name))
            {
                return $"record.features[{i}].name is not a valid feature name.";
            }

            if (!seen.Add(feature.Name))
            {
                return $"record.features[{i}].name '{feature.Name}' is named more than once.";
            }

            if (feature.CheckOuts < 0)
            {
                return $"record.features[{i}].checkOuts must not be negative (was {feature.CheckOuts}).";
            }

            if (feature.Seconds < 0)
            {
                return $"record.features[{i}].seconds must not be negative (was {feature.Seconds}).";
            }
        }

        return null;
    }

    /// <summary>
    /// The problem with the record against the licenses it goes to, or null: every feature is one of theirs, a
    /// client cannot hold a feature longer than the period times its seats, nor check out more than one seat per
    /// seat and second of the period.
    /// </summary>
    public static string? Validate(UsageRecord record, IReadOnlyList<LicenseView> licenses)
    {
        var periodSeconds = (long)Math.Ceiling((record.To - record.From).TotalSeconds);
        for (var i = 0; i < record.Features.Count; i++)
        {
            var feature = record.Features[i];
            var seats = licenses
                .SelectMany(l => l.Features)
                .Where(f => string.Equals(f.Name, feature.Name, StringComparison.OrdinalIgnoreCase))
                .Select(f => (long)f.Seats)
                .DefaultIfEmpty(-1)
                .Max();
            if (seats < 0)
            {
                return $"record.features[{i}].name '{feature.Name}' is not a feature of the product's license.";
            }

            if (feature.Seconds > periodSeconds * seats)
            {
                return $"record.features[{i}].seconds {feature.Seconds} is more than {seats} seats can be held from record.from to record.to ({periodSeconds * seats}).";
            }

            if (feature.CheckOuts > Math.Max(1, periodSeconds) * seats)
            {
                return $"record.features[{i}].checkOuts {feature.CheckOuts} is more than {seats} seats can be checked out from record.from to record.to.";
            }
        }

        return null;
    }
}
