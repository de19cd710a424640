using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Benchmarks.Postgres;

namespace OrleansLicense.Benchmarks.Failover;

/// <summary>
/// Issue 8's failover figure: three silos on PostgreSQL (fsync on), clients spread over the three
/// gateways doing login, heartbeats, logout on one feature with fewer seats than clients; one silo
/// is killed with SIGKILL under load and the load goes on. Reported: the worst client-observed gap
/// (goal at most 5 s), answers per second before and after, the transport errors and 5xx the
/// clients retried elsewhere (expected, not failures), and the over-grant check of the seat-limit
/// scenario (clients' held seats and an admin poller on a surviving silo; never above the license).
/// Afterwards every seat must be back. The grid's own verdict is read from Orleans' membership table
/// (<c>orleansmembershiptable</c>): the killed silo's row must say Dead (status 6), and how long after
/// the kill it first did is printed.
/// </summary>
internal static class FailoverScenario
{
    public const string Product = "bench-failover";
    public const int SiloCount = 3;

    // Silo 0 takes the admin calls and the poller; another one dies.
    public const int Survivor = 0;
    public const int Victim = 1;
    public static readonly TimeSpan GapGoal = TimeSpan.FromSeconds(5);
    private const string Feature = "draw";

    // How long after the kill the membership row is watched for Dead (the silo's membership declares a silo dead in about a second).
    private static readonly TimeSpan DeadWatchLimit = TimeSpan.FromSeconds(30);

    /// <returns>The worst client-observed gap, or null when nothing was measured (no PostgreSQL).</returns>
    public static async Task<TimeSpan?> RunAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        if (DurablePostgres.Unavailable() is { } why)
        {
            report.Fact($"failover: skipped, {why}");
            return null;
        }

        // After the kill at least long enough for the default membership to declare the silo dead and the load to come back.
        var beforeKill = TimeSpan.FromSeconds(Math.Max(1.5, options.Seconds / 2));
        var afterKill = TimeSpan.FromSeconds(Math.Max(6, options.Seconds));
        await using var postgres = await DurablePostgres.StartAsync(cancellationToken).ConfigureAwait(false);

        // Three pools on a server that takes 300 connections.
        var connection = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("olic_grid", cancellationToken).ConfigureAwait(false)) { MaxPoolSize = 80 }.ConnectionString;
        var starting = Stopwatch.StartNew();
        await using var grid = await SiloGrid.StartAsync(context.Vendor, connection, SiloCount, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < grid.Silos.Count; i++)
        {
            await context.Out.WriteLineAsync($"grid silo {i}: pid {grid.Silos[i].ProcessId} at {grid.Silos[i].BaseAddress} on PostgreSQL (data {grid.Silos[i].DataFolder})").ConfigureAwait(false);
        }

        var joined = starting.Elapsed;
        var durability = await postgres.DurabilityAsync(cancellationToken).ConfigureAwait(false);
        report.Fact(string.Create(c, $"failover: {SiloCount} silos joined in {joined.TotalSeconds:0.0} s (cluster {grid.ClusterId}, membership at the silo's defaults); {durability}"));

        var admin = grid.Silos[Survivor].Admin;
        var seats = options.FailoverSeats;
        var licenseId = $"BENCH-FO-{Guid.NewGuid():N}"[..17];
        await admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, Product, Feature, seats), cancellationToken).ConfigureAwait(false);

        // The shortest client timeout, so a seat whose session nobody can log out comes back within a bounded wait.
        await admin.UseShortestClientTimeoutAsync(cancellationToken).ConfigureAwait(false);
        using var gateways = new GatewayClients(grid, options.Connections, Product, Feature);
        var apis = gateways.Apis;
        var held = new HeldSeats();
        var poller = new UsedSeatsPoller(admin, licenseId);
        using var pollStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polling = poller.PollAsync(tolerateFailures: true, pollStop.Token);
        var spec = new PhaseSpec(string.Create(c, $"failover, {SiloCount} silos, {seats} seats"), "grid", options.Concurrency, beforeKill + afterKill, options.MaxOps);

        var warm = Clients(apis, new FailoverCounters(Stopwatch.GetTimestamp(), options.Warmup), held, options.Concurrency);
        await context.WarmUpAsync(spec, (w, ct) => warm[w.Worker].CycleAsync(w, ct), cancellationToken).ConfigureAwait(false);
        if (warm.Any(w => w.Unavailable > 0))
        {
            report.Fail($"failover warm-up: {warm.Sum(w => w.Unavailable)} transport errors or 5xx with every silo up");
        }

        var origin = Stopwatch.GetTimestamp();
        var counters = new FailoverCounters(origin, spec.Duration);
        var clients = Clients(apis, counters, held, options.Concurrency);
        using var killStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var killing = KillLaterAsync(context, grid, Victim, counters, origin, beforeKill, killStop.Token);
        var declaredDead = MembershipRow.WatchUntilDeadAsync(killing, connection, grid.ClusterId, grid.Silos[Victim].SiloPort, DeadWatchLimit, cancellationToken);
        PhaseResult result;
        try
        {
            result = await context.Runner.RunAsync(spec, (w, ct) => clients[w.Worker].CycleAsync(w, ct), () => $"silos up {grid.Silos.Count(s => !s.HasExited)}/{SiloCount}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Max-ops may close the window before the kill: then nothing is killed.
            await killStop.CancelAsync().ConfigureAwait(false);
            await pollStop.CancelAsync().ConfigureAwait(false);
        }

        var killed = await killing.ConfigureAwait(false);
        var polled = await polling.ConfigureAwait(false);
        report.FailOnErrors(result);
        FailoverFigures.ReportKill(context, grid, killed, counters, result);
        var worst = FailoverFigures.ReportGaps(context, clients);
        var dead = await ReportMembershipAsync(context, grid, killed, declaredDead, connection, cancellationToken).ConfigureAwait(false);
        var overGranted = held.Max > seats || polled.Max > seats;
        if (held.Max > seats)
        {
            report.Fail($"failover over-grant: clients held {held.Max} seats at once, the license has {seats}");
        }

        if (polled.Max > seats)
        {
            report.Fail($"failover over-grant: the admin API showed {polled.Max} seats used, the license has {seats}");
        }

        report.Fact(string.Create(c, $"failover: the admin poller on silo {Survivor} read used {polled.Reads:N0} times, max {polled.Max} of {seats} ({polled.Failed:N0} reads failed while the grid recovered); clients held at most {held.Max}"));
        report.Add(new ReportRow(
            spec.Name,
            "grid",
            result,
            null,
            string.Create(c, $"worst gap {worst.TotalSeconds:0.00} s <= {GapGoal.TotalSeconds:0} s; held <= {seats} (clients saw {held.Max}, admin saw {polled.Max}); killed silo's membership row {(dead ? "Dead" : "NOT Dead")}"),
            worst <= GapGoal && !overGranted && dead));
        report.Fact($"failover: the grid after the run, as silo {Survivor} sees it: {await grid.DescribeAsync(Survivor, cancellationToken).ConfigureAwait(false)}");
        await SeatsBackCheck.RunAsync(context, grid, poller, licenseId, counters.LostLogins, cancellationToken).ConfigureAwait(false);
        return worst;
    }

    // Reads the killed silo's membership row after the run and prints it with the time the grid took to declare it dead; true when it says Dead.
    private static async Task<bool> ReportMembershipAsync(LoadContext context, SiloGrid grid, KilledSilo? killed, Task<TimeSpan?> declaredDead, string connection, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        var after = await declaredDead.ConfigureAwait(false);
        if (killed is null)
        {
            return false;
        }

        var row = await MembershipRow.ReadAsync(connection, grid.ClusterId, killed.SiloPort, cancellationToken).ConfigureAwait(false);
        var when = after is { } t
            ? string.Create(c, $"first read as Dead {t.TotalSeconds:0.00} s after the kill (read every 100 ms)")
            : string.Create(c, $"NOT read as Dead within {DeadWatchLimit.TotalSeconds:0} s of the kill");
        context.Report.Fact(row is null
            ? $"failover: the membership table (orleansmembershiptable, cluster {grid.ClusterId}) has no row for the killed silo's port {killed.SiloPort.ToString(c)}"
            : $"failover: membership row of the killed silo: {row}; {when}");
        return row is { IsDead: true };
    }

    /// <summary><paramref name="count"/> clients, spread over the gateways.</summary>
    public static FailoverClient[] Clients(IReadOnlyList<SessionApi> apis, FailoverCounters counters, HeldSeats held, int count)
        => [.. Enumerable.Range(0, count).Select(i => new FailoverClient(apis, i, counters, held))];

    /// <summary>After <paramref name="delay"/>, kills silo <paramref name="victimIndex"/> with SIGKILL; null when cancelled first.</summary>
    public static async Task<KilledSilo?> KillLaterAsync(LoadContext context, SiloGrid grid, int victimIndex, FailoverCounters counters, long origin, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var victim = grid.Silos[victimIndex];
        var now = Stopwatch.GetTimestamp();
        var killed = new KilledSilo(victimIndex, victim.ProcessId, victim.SiloPort, Stopwatch.GetElapsedTime(origin, now), now, counters.Answered, counters.Unavailable);
        victim.Kill();
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"killed grid silo {victimIndex} (pid {killed.ProcessId}, {victim.BaseAddress}) with SIGKILL at {killed.At.TotalSeconds:0.0} s")).ConfigureAwait(false);
        return killed;
    }
}
