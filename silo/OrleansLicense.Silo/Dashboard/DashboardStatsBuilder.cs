using OrleansLicense.Runtime.Filters;
using OrleansLicense.Silo.Dashboard.Views;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>Folds the runtime's per-method rings of call samples into per grain type figures.</summary>
internal static class DashboardStatsBuilder
{
    /// <summary>Seconds the "calls per second" figures average over: steadier than the last second alone.</summary>
    public const int RateWindowSeconds = 10;

    /// <summary>The stats of this silo from its call statistics and its activations per grain type.</summary>
    public static DashboardStats Build(
        IReadOnlyList<CallStatisticsSample> total,
        IReadOnlyList<CallStatisticsSeries> series,
        IReadOnlyDictionary<string, int> activations)
    {
        var window = new RateWindow(total);
        var grains = series.Select(s => s.GrainType)
            .Concat(activations.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(type => GrainType(type, [.. series.Where(s => s.GrainType == type)], activations.GetValueOrDefault(type), total, window))
            .ToList();
        return new DashboardStats(total, grains);
    }

    private static GrainTypeStats GrainType(
        string type,
        IReadOnlyList<CallStatisticsSeries> methods,
        int activations,
        IReadOnlyList<CallStatisticsSample> total,
        RateWindow window)
    {
        var samples = methods.SelectMany(m => m.Samples).ToList();
        var perSecond = samples.GroupBy(s => s.At).ToDictionary(g => g.Key, g => g.Sum(s => s.Calls));
        var (calls, errors, mean, max) = Summarize(samples);
        return new GrainTypeStats(
            type,
            activations,
            window.Rate(samples),
            calls,
            errors,
            mean,
            max,
            [.. total.Select(t => perSecond.GetValueOrDefault(t.At))],
            [.. methods.Select(m => Method(m, window))]);
    }

    private static GrainMethodStats Method(CallStatisticsSeries series, RateWindow window)
    {
        var (calls, errors, mean, max) = Summarize(series.Samples);
        return new GrainMethodStats(series.Method, window.Rate(series.Samples), calls, errors, mean, max);
    }

    private static (long Calls, long Errors, double MeanLatencyMs, double MaxLatencyMs) Summarize(IReadOnlyCollection<CallStatisticsSample> samples)
    {
        var calls = samples.Sum(s => s.Calls);
        var errors = samples.Sum(s => s.Errors);

        // Each sample's mean weighs as much as the calls it covers.
        var mean = calls == 0 ? 0 : samples.Sum(s => s.MeanLatencyMs * s.Calls) / calls;
        var max = samples.Count == 0 ? 0 : samples.Max(s => s.MaxLatencyMs);
        return (calls, errors, Math.Round(mean, 3), Math.Round(max, 3));
    }

    /// <summary>The last <see cref="RateWindowSeconds"/> seconds of the silo's timeline.</summary>
    private sealed class RateWindow(IReadOnlyList<CallStatisticsSample> total)
    {
        private readonly DateTimeOffset _from = total.Count == 0 ? DateTimeOffset.MaxValue : total[^1].At.AddSeconds(-(RateWindowSeconds - 1));

        // A silo up for less than the window divides by the seconds it has, not by ten.
        private readonly int _seconds = Math.Clamp(total.Count, 1, RateWindowSeconds);

        public double Rate(IEnumerable<CallStatisticsSample> samples)
            => Math.Round((double)samples.Where(s => s.At >= _from).Sum(s => s.Calls) / _seconds, 2);
    }
}
