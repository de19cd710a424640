using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Logins and logouts on one hot feature (every grant and release goes through the same feature
/// grain): flat out for the throughput, then paced at a fraction of that for the latency. Every
/// login is a durable grant (SQLite synchronous=FULL). Afterwards the logged-out sessions stay
/// activated until idle collection, which gives the memory per idle activation.
/// </summary>
internal static class HotFeatureScenario
{
    public const string Name = "hot feature login+logout";
    public const string Product = "bench-hot";
    public const string Feature = "draw";

    public static async Task RunAsync(LoadContext context, SiloUnderTest silo, PhaseResult? ceiling, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        var licenseId = $"BENCH-HOT-{Guid.NewGuid():N}"[..18];
        await silo.Admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, Product, Feature, options.HotSeats), cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(silo.BaseAddress, options.Connections);
        var api = new SessionApi(http, Product, Feature);
        var cycle = VirtualClients.LoginLogout(api, heartbeats: 0);

        var spec = new PhaseSpec(Name, "silo", options.Concurrency, options.Phase, options.MaxOps);
        await context.WarmUpAsync(spec, cycle, cancellationToken, options.HotWarmup).ConfigureAwait(false);
        var memoryBefore = silo.Memory();
        var activationsBefore = await ActivationsAsync(silo, cancellationToken).ConfigureAwait(false);

        var cpu = CpuMeter.Start(silo.ProcessId);
        var closed = await context.Runner.RunAsync(spec, cycle, LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        report.Fact($"silo login+logout CPU: {cpu.Stop()}; {cpu.PerOperation(closed.OpsPerSecond)}");
        report.FailOnErrors(closed);
        var ratio = Ratio(closed, ceiling);
        report.Add(new ReportRow(Name, "silo", closed, ratio, ">= 0.30 of ceiling", ratio is { } r ? r >= 0.30 : null));

        var rate = options.Rate ?? options.LoadFraction * closed.OpsPerSecond;
        var pacedSpec = spec with { Name = string.Create(c, $"{Name} @ {rate:N0} req/s"), Rate = rate };
        var paced = await context.Runner.RunAsync(pacedSpec, cycle, LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(paced);

        // The offered rate must actually be carried: a silo that falls behind shows it as latency (counted
        // from the schedule), but say so explicitly as well.
        var carried = paced.OpsPerSecond >= 0.95 * rate;
        report.Add(new ReportRow(pacedSpec.Name, "silo", paced, Ratio(paced, ceiling), string.Create(c, $"{(options.Rate is null ? $"{options.LoadFraction:P0} of max" : "fixed rate")}, p99 < 20 ms{(carried ? "" : " (rate NOT carried)")}"), paced.Latency.P99 < 20 && carried));

        await context.CheckSeatsReturnedAsync(silo, licenseId, Product, cancellationToken).ConfigureAwait(false);

        // Every login made a session grain; logged out, it stays activated (idle) until collection.
        var memoryAfter = silo.Memory();
        var idle = await ActivationsAsync(silo, cancellationToken).ConfigureAwait(false) - activationsBefore;
        if (idle > 0)
        {
            report.Fact(string.Create(c, $"idle activations: {idle:N0} logged-out session grains added {ProcessMemory.Mib(memoryAfter.RssBytes - memoryBefore.RssBytes)} RSS "
                + $"({ProcessMemory.Mib(memoryBefore.RssBytes)} -> {ProcessMemory.Mib(memoryAfter.RssBytes)}): {(memoryAfter.RssBytes - memoryBefore.RssBytes) / (double)idle:N0} bytes per idle activation (includes GC heap growth)"));
        }

        var stats = await SiloDatabaseStats.ReadAsync(silo.DataFolder, cancellationToken).ConfigureAwait(false);
        report.Fact(string.Create(c, $"silo SQLite after the hot runs: {stats.SeatEvents:N0} seat events from >= {stats.SeatFlushesAtLeast:N0} feature-grain flushes "
            + $"({stats.SeatEvents / (double)Math.Max(1, stats.SeatFlushesAtLeast):0.0} per flush at most)"));

        // What a login+logout leaves stored: the ended session's row until the retention sweep deletes it (an hour after
        // its end by default, so all of this run's), and its grant and release events until the pool trims them behind its
        // snapshot and the daily peaks (#12 storage growth).
        var pairs = Math.Max(1, stats.SeatEventsAppended / 2);
        report.Fact(string.Create(c, $"silo SQLite keeps: {stats.SessionRows:N0} session rows ({stats.EndedSessionRows:N0} ended, deleted after the retention) and {stats.SeatEvents:N0} of {stats.SeatEventsAppended:N0} seat events "
            + $"(the rest trimmed) of {pairs:N0} logins+logouts in {ProcessMemory.Mib(stats.FileBytes)} (database and write-ahead log): {stats.FileBytes / (double)pairs:N0} bytes per login+logout, "
            + $"{stats.FileBytes / (double)Math.Max(1, stats.SessionRows):N0} per session row"));
    }

    public static double? Ratio(PhaseResult result, PhaseResult? ceiling)
        => ceiling is { OpsPerSecond: > 0 } ? result.OpsPerSecond / ceiling.OpsPerSecond : null;

    private static async Task<long> ActivationsAsync(SiloUnderTest silo, CancellationToken cancellationToken)
        => (await silo.Admin.StatusAsync(cancellationToken).ConfigureAwait(false)).Silos.Sum(s => (long)s.Activations);
}
