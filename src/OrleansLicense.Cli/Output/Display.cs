using System.Globalization;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Cli.Output;

/// <summary>How values look in human output: UTC times to the second, invariant numbers.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Expiry(DateTimeOffset? expires) => expires is { } value ? Time(value) : "never";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Flags(LicenseFlagsView flags)
    {
        var names = new List<string>();
        if (flags.Borrowable)
        {
            names.Add("borrowable");
        }

        if (flags.Distributable)
        {
            names.Add("distributable");
        }

        if (flags.UsageStatistics)
        {
            names.Add("usage-stats");
        }

        if (flags.PeakUpload)
        {
            names.Add("peak-upload");
        }

        if (flags.LocalOnly)
        {
            names.Add("local-only");
        }

        if (flags.Agentable)
        {
            names.Add("agentable");
        }

        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>
    /// Features as <c>name taken/seats</c>, the one-column summary of a license list. Taken is
    /// seats minus free, so borrowed and delegated seats count as they do against the pool.
    /// </summary>
    public static string FeatureSummary(IReadOnlyList<FeatureView> features) =>
        string.Join(", ", features.Select(f => $"{f.Name} {Number(f.Seats - f.Free)}/{Number(f.Seats)}"));

    /// <summary>Features as <c>name:count</c>, as a session holds them (ASCII, so every console shows it).</summary>
    public static string Held(IReadOnlyList<FeatureRequest> features) =>
        string.Join(", ", features.Select(f => $"{f.Name}:{Number(f.Count)}"));

    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;
}
