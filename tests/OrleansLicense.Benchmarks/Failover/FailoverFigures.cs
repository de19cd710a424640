using System.Globalization;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>The failover scenario's figures beyond the table row: the kill, the answers per second around it, the retries, the gaps.</summary>
internal static class FailoverFigures
{
    /// <param name="context">The run.</param>
    /// <param name="grid">The silos.</param>
    /// <param name="killed">The silo killed, or null when the run ended first.</param>
    /// <param name="counters">The clients' counters.</param>
    /// <param name="result">The phase.</param>
    /// <param name="scenario">The scenario's name at the start of each line: <c>failover</c> or <c>triad failover</c>.</param>
    public static void ReportKill(LoadContext context, SiloGrid grid, KilledSilo? killed, FailoverCounters counters, PhaseResult result, string scenario = "failover")
    {
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        var victim = killed?.Index ?? FailoverScenario.Victim;
        foreach (var survivor in grid.Silos.Where((_, i) => i != victim))
        {
            context.CheckAlive(survivor);
        }

        if (killed is null)
        {
            report.Fail($"{scenario}: the run ended before the silo was killed (--max-ops too low?); nothing was measured");
            return;
        }

        if (!grid.Silos[victim].HasExited)
        {
            report.Fail($"{scenario}: silo {victim} (pid {killed.ProcessId}) still runs after SIGKILL");
        }

        if (killed.UnavailableBefore > 0)
        {
            report.Fail($"{scenario}: {killed.UnavailableBefore} transport errors or 5xx before any silo was killed");
        }

        var at = killed.At.TotalSeconds;
        var before = killed.AnsweredBefore / at;
        var after = (counters.Answered - killed.AnsweredBefore) / Math.Max(0.001, result.Seconds - at);
        // Recovered: the full seconds of the second half of what followed the kill.
        var end = (int)Math.Floor(result.Seconds);
        var from = Math.Max((int)Math.Ceiling(at), end - Math.Max(1, (int)((result.Seconds - at) / 2)));
        var recovered = end > from ? counters.PerSecond.Skip(from).Take(end - from).Average() : 0;
        var perSecond = counters.PerSecond.Take((int)Math.Ceiling(result.Seconds)).Select((n, i) => (i == (int)at ? "| " : "") + n.ToString("N0", c));
        report.Fact(string.Create(c, $"{scenario}: silo {victim} of {grid.Silos.Count} (pid {killed.ProcessId}) killed with SIGKILL at {at:0.0} s; clients' answers {before:N0}/s before, {after:N0}/s after ({recovered:N0}/s over its last {end - from} s); per second: {string.Join(" ", perSecond)}"));
        var kinds = counters.UnavailableKinds.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Key} x{e.Value:N0}");
        report.Fact(string.Create(c, $"{scenario}: {counters.Unavailable:N0} requests met a transport error or a 5xx and were sent again to another gateway (expected, not failures): {string.Join(", ", kinds)}"));
    }

    public static TimeSpan ReportGaps(LoadContext context, IReadOnlyList<FailoverClient> clients, string scenario = "failover")
    {
        var worst = clients.Max(x => x.WorstGap);
        var hit = clients.Where(x => x.WasHit).ToList();
        var gaps = new LatencyHistogram();
        hit.ForEach(x => gaps.Record((long)x.WorstGap.TotalMicroseconds));
        context.Report.Fact(string.Create(
            CultureInfo.InvariantCulture,
            $"{scenario}: worst client-observed gap {worst.TotalSeconds:0.00} s (goal <= {FailoverScenario.GapGoal.TotalSeconds:0} s); {hit.Count} of {clients.Count} clients hit "
            + $"(a transport error, a 5xx or a wait >= {FailoverClient.HitThreshold.TotalSeconds:0} s), their worst gaps p50 {gaps.PercentileMs(0.5) / 1000:0.00} s, p99 {gaps.PercentileMs(0.99) / 1000:0.00} s"));
        return worst;
    }
}
