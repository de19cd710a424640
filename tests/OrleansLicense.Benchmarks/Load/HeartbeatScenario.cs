using System.Globalization;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Heartbeats of many live sessions (100,000 by default) on a fresh silo: the sessions log in
/// first (which also gives the memory per live session), then the loops heartbeat them round
/// robin, then every session logs out and every seat must be back. The client timeout is raised
/// to an hour first, so no session can expire while the others are being logged in.
/// </summary>
internal static class HeartbeatScenario
{
    public const string Name = "heartbeats of live sessions";
    private const string Product = "bench-hb";
    private const string Feature = "draw";

    public static async Task RunAsync(LoadContext context, SiloUnderTest silo, PhaseResult? ceiling, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        var licenseId = $"BENCH-HB-{Guid.NewGuid():N}"[..17];
        await silo.Admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, Product, Feature, Math.Max(options.HotSeats, options.Sessions * 2)), cancellationToken).ConfigureAwait(false);
        var settings = await silo.Admin.GetSettingsAsync(cancellationToken).ConfigureAwait(false);
        await silo.Admin.PutSettingsAsync(settings with { ClientTimeoutSeconds = 3600 }, cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(silo.BaseAddress, options.Connections);
        var api = new SessionApi(http, Product, Feature);
        var memoryStart = silo.Memory();

        // A few sessions first, heartbeaten for the warm-up, so the baseline RSS has the JIT and pools in it.
        var warm = Math.Min(options.Sessions, Math.Max(100, options.Sessions / 100));
        var sessions = await LoginAsync(context, silo, api, warm, "warm sessions", cancellationToken).ConfigureAwait(false);
        await context.WarmUpAsync(new PhaseSpec(Name, "silo", options.Concurrency, options.Phase, options.MaxOps), VirtualClients.Heartbeats(api, sessions, new SharedCursor()), cancellationToken).ConfigureAwait(false);
        var memoryWarm = silo.Memory();

        var loginSpecName = string.Create(c, $"login {options.Sessions:N0} sessions, kept");
        var more = await LoginAsync(context, silo, api, options.Sessions - sessions.Count, loginSpecName, cancellationToken).ConfigureAwait(false);
        var added = more.Count;
        sessions.AddRange(more);
        var memoryLive = silo.Memory();
        if (added > 0)
        {
            report.Fact(string.Create(c, $"live sessions: {added:N0} more sessions added {ProcessMemory.Mib(memoryLive.RssBytes - memoryWarm.RssBytes)} RSS "
                + $"({ProcessMemory.Mib(memoryWarm.RssBytes)} -> {ProcessMemory.Mib(memoryLive.RssBytes)}; {ProcessMemory.Mib(memoryStart.RssBytes)} before any): "
                + $"{(memoryLive.RssBytes - memoryWarm.RssBytes) / (double)added:N0} bytes per live session (includes GC heap growth)"));
        }

        var stats = await SiloDatabaseStats.ReadAsync(silo.DataFolder, cancellationToken).ConfigureAwait(false);
        report.Fact(string.Create(c, $"seat pool snapshot with {sessions.Count:N0} holders: {stats.LargestSeatSnapshotBytes / 1e6:0.0} MB of JSON, serialised and written inside the group-commit flush, at most once per (its size / 256 bytes) events"));

        // A session stores its row at its first heartbeat (a login stores none): one pass over every session first, reported
        // on its own row, so that the phase below measures the heartbeats of sessions already stored, as most are.
        var first = await context.Runner.RunAsync(
            new PhaseSpec(string.Create(c, $"first heartbeat of {sessions.Count:N0} sessions (each stores its row)"), "silo", options.Concurrency, TimeSpan.FromHours(1), long.MaxValue),
            VirtualClients.HeartbeatAll(api, sessions, new SharedCursor()),
            LoadContext.RssOf(silo),
            cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(first);
        report.Add(new ReportRow(first.Spec.Name, "silo", first, null, "", null));

        var spec = new PhaseSpec(string.Create(c, $"{Name} ({sessions.Count:N0})"), "silo", options.Concurrency, options.Phase, options.MaxOps);
        var cpu = CpuMeter.Start(silo.ProcessId);
        var result = await context.Runner.RunAsync(spec, VirtualClients.Heartbeats(api, sessions, new SharedCursor()), LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        report.Fact($"silo heartbeats CPU: {cpu.Stop()}");
        report.FailOnErrors(result);
        var peak = silo.Memory().PeakRssBytes;
        var ratio = HotFeatureScenario.Ratio(result, ceiling);
        var fullSize = sessions.Count >= 100_000;
        report.Add(new ReportRow(
            spec.Name,
            "silo",
            result,
            ratio,
            $">= 0.50 of ceiling, peak RSS {ProcessMemory.Mib(peak)} <= 1 GiB{(fullSize ? "" : " (fewer than 100,000 sessions)")}",
            ratio is { } r ? r >= 0.50 && peak <= 1L << 30 : null));

        var logout = await context.Runner.RunAsync(
            new PhaseSpec(string.Create(c, $"logout {sessions.Count:N0} sessions"), "silo", options.Concurrency, TimeSpan.FromHours(1), long.MaxValue),
            VirtualClients.LogoutAll(api, sessions, new SharedCursor()),
            LoadContext.RssOf(silo),
            cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(logout);
        report.Add(new ReportRow(logout.Spec.Name, "silo", logout, null, "", null));
        await context.CheckSeatsReturnedAsync(silo, licenseId, Product, cancellationToken).ConfigureAwait(false);

        // Logged out, the session grains stay activated (idle) until collection: the same count, now idle.
        var memoryIdle = silo.Memory();
        var activations = (await silo.Admin.StatusAsync(cancellationToken).ConfigureAwait(false)).Silos.Sum(s => (long)s.Activations);
        report.Fact(string.Create(c, $"idle activations: {activations:N0} activations after every logout, RSS {ProcessMemory.Mib(memoryIdle.RssBytes)} vs {ProcessMemory.Mib(memoryStart.RssBytes)} before any session: "
            + $"{(memoryIdle.RssBytes - memoryStart.RssBytes) / (double)Math.Max(1, sessions.Count):N0} bytes per idle (logged-out) session activation (RSS rarely shrinks: an upper bound); peak RSS of the scenario {ProcessMemory.Mib(memoryIdle.PeakRssBytes)}"));
        await silo.Admin.PutSettingsAsync(settings, cancellationToken).ConfigureAwait(false);
    }

    // Logs in exactly `count` sessions (bounded by max-ops and an hour), reporting the login rate.
    private static async Task<List<string>> LoginAsync(LoadContext context, SiloUnderTest silo, SessionApi api, int count, string name, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var options = context.Options;
        var perWorker = Enumerable.Range(0, options.Concurrency).Select(_ => new List<string>()).ToList();
        var spec = new PhaseSpec(name, "silo", options.Concurrency, TimeSpan.FromHours(1), count);
        var result = await context.Runner.RunAsync(spec, VirtualClients.LoginAndKeep(api, perWorker), LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        context.Report.FailOnErrors(result);
        if (name != "warm sessions")
        {
            context.Report.Add(new ReportRow(name, "silo", result, null, "", null));
        }

        return [.. perWorker.SelectMany(w => w)];
    }
}
