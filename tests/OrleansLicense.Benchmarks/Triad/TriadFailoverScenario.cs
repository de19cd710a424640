using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OrleansLicense.Benchmarks.Failover;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Benchmarks.Postgres;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Benchmarks.Triad;

/// <summary>
/// Issue 16's triad failover figure (R-TRI-2): three silo processes on a throwaway PostgreSQL made a triad (silo 0
/// primary, 1 secondary, 2 tertiary) with an enterprise license bound to it; the failover scenario's clients (login,
/// heartbeats, logout, spread over the three gateways, fewer seats than clients) run while the primary is killed with
/// SIGKILL. Reported: the worst client-observed gap next to the grid's (the failover scenario, when it ran) and the
/// goal (at most 5 s); when the secondary reported itself active and when a login sent to its gateway was decided
/// again; the over-grant check (clients' held seats and an admin poller on the secondary, never above the license);
/// no lost session (a heartbeat answered 404/410 is an error of the run); every seat back afterwards.
/// </summary>
internal static class TriadFailoverScenario
{
    public const string Name = "triad";
    public const string Product = "bench-triad";
    private const string Feature = "draw";
    private const string Scenario = "triad failover";
    private const string TriadId = "bench-triad";

    // Silo 0 is the primary and dies; the secondary takes the admin calls and the poller.
    private const int Primary = 0;
    private const int Secondary = 1;

    private static readonly TimeSpan ServedLimit = TimeSpan.FromSeconds(60);

    /// <param name="context">The run.</param>
    /// <param name="gridGap">The grid's worst gap from the failover scenario of this run, when it ran.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task RunAsync(LoadContext context, TimeSpan? gridGap, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        if (DurablePostgres.Unavailable() is { } why)
        {
            report.Fact($"{Scenario}: skipped, {why}");
            return;
        }

        // After the kill long enough for the membership to declare the primary dead, the secondary to take over and the load to come back.
        var beforeKill = TimeSpan.FromSeconds(Math.Max(1.5, options.Seconds / 2));
        var afterKill = TimeSpan.FromSeconds(Math.Max(8, options.Seconds));
        await using var postgres = await DurablePostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var connection = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("olic_triad", cancellationToken).ConfigureAwait(false)) { MaxPoolSize = 80 }.ConnectionString;
        var starting = Stopwatch.StartNew();
        await using var grid = await SiloGrid.StartAsync(context.Vendor, connection, FailoverScenario.SiloCount, cancellationToken).ConfigureAwait(false);
        var seats = options.FailoverSeats;
        var licenseId = $"BENCH-TRI-{Guid.NewGuid():N}"[..18];
        await TriadAdmin.CreateAsync(grid, TriadId, context.Vendor.Issue(licenseId, Product, Feature, seats, LicenseBinding.ToTriad(TriadId)), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < grid.Silos.Count; i++)
        {
            await context.Out.WriteLineAsync($"triad silo {i} ({(i == Primary ? "primary" : i == Secondary ? "secondary" : "tertiary")}): pid {grid.Silos[i].ProcessId} at {grid.Silos[i].BaseAddress}, silo {TriadAdmin.Address(grid.Silos[i])} (data {grid.Silos[i].DataFolder})").ConfigureAwait(false);
        }

        var admin = grid.Silos[Secondary].Admin;
        await admin.UseShortestClientTimeoutAsync(cancellationToken).ConfigureAwait(false);
        using var gateways = new GatewayClients(grid, options.Connections, Product, Feature);
        var apis = gateways.Apis;
        await WaitUntilServedAsync(apis, cancellationToken).ConfigureAwait(false);
        var ready = starting.Elapsed;
        var durability = await postgres.DurabilityAsync(cancellationToken).ConfigureAwait(false);
        report.Fact(string.Create(c, $"{Scenario}: {FailoverScenario.SiloCount} silos joined, made a triad and served logins at every gateway in {ready.TotalSeconds:0.0} s (cluster {grid.ClusterId}); {durability}"));

        var held = new HeldSeats();
        var poller = new UsedSeatsPoller(admin, licenseId);
        using var pollStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polling = poller.PollAsync(tolerateFailures: true, pollStop.Token);
        var spec = new PhaseSpec(string.Create(c, $"triad failover, primary killed, {seats} seats"), "triad", options.Concurrency, beforeKill + afterKill, options.MaxOps);
        var warm = FailoverScenario.Clients(apis, new FailoverCounters(Stopwatch.GetTimestamp(), options.Warmup), held, options.Concurrency);
        await context.WarmUpAsync(spec, (w, ct) => warm[w.Worker].CycleAsync(w, ct), cancellationToken).ConfigureAwait(false);
        if (warm.Any(w => w.Unavailable > 0))
        {
            report.Fail($"{Scenario} warm-up: {warm.Sum(w => w.Unavailable)} transport errors or 5xx with every silo up");
        }

        var origin = Stopwatch.GetTimestamp();
        var counters = new FailoverCounters(origin, spec.Duration);
        var clients = FailoverScenario.Clients(apis, counters, held, options.Concurrency);
        using var killStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var killing = FailoverScenario.KillLaterAsync(context, grid, Primary, counters, origin, beforeKill, killStop.Token);
        var watching = TriadWatch.WatchAsync(killing, grid.Silos[Secondary], Product, Feature, cancellationToken);
        PhaseResult result;
        try
        {
            result = await context.Runner.RunAsync(spec, (w, ct) => clients[w.Worker].CycleAsync(w, ct), () => $"silos up {grid.Silos.Count(s => !s.HasExited)}/{grid.Silos.Count}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await killStop.CancelAsync().ConfigureAwait(false);
        }

        var killed = await killing.ConfigureAwait(false);
        var takeover = await watching.ConfigureAwait(false);
        await pollStop.CancelAsync().ConfigureAwait(false);
        var polled = await polling.ConfigureAwait(false);

        // A lost session is a heartbeat answered 404/410 after the kill: an error of the phase, so a failure of the run.
        report.FailOnErrors(result);
        FailoverFigures.ReportKill(context, grid, killed, counters, result, Scenario);
        var worst = FailoverFigures.ReportGaps(context, clients, Scenario);
        var overGranted = held.Max > seats || polled.Max > seats;
        if (overGranted)
        {
            report.Fail($"{Scenario} over-grant: clients held at most {held.Max} seats at once, the admin API showed {polled.Max} used; the license has {seats}");
        }

        var served = Describe(takeover.LoginAfter);
        report.Fact(string.Create(c, $"{Scenario}: after the primary's SIGKILL the secondary reported itself active after {Describe(takeover.ActiveAfter)}, and a login at its gateway was decided again after {served} (probed every 100 ms)"));
        report.Fact(string.Create(c, $"{Scenario}: the admin poller on the secondary read used {polled.Reads:N0} times, max {polled.Max} of {seats} ({polled.Failed:N0} reads failed while the triad recovered); clients held at most {held.Max}; sessions lost: {(result.Errors == 0 ? "none" : $"{result.Errors:N0} errors, see above")}"));
        report.Fact(string.Create(c, $"failover gaps side by side (goal <= {FailoverScenario.GapGoal.TotalSeconds:0} s, issue #16): grid, a silo SIGKILLed: {(gridGap is { } g ? $"{g.TotalSeconds:0.00} s" : "not run")}; triad, the primary SIGKILLed: {worst.TotalSeconds:0.00} s worst client gap, logins through the secondary after {served}"));
        var recovered = takeover.LoginAfter is { } login && login <= FailoverScenario.GapGoal;
        report.Add(new ReportRow(
            spec.Name,
            "triad",
            result,
            null,
            string.Create(c, $"worst gap {worst.TotalSeconds:0.00} s and logins via the secondary after {served} <= {FailoverScenario.GapGoal.TotalSeconds:0} s; held <= {seats} (clients saw {held.Max}, admin saw {polled.Max})"),
            worst <= FailoverScenario.GapGoal && recovered && !overGranted));
        await SeatsBackCheck.RunAsync(context, grid.Silos[Secondary], Scenario, Product, poller, licenseId, counters.LostLogins, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(TimeSpan? after)
        => after is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.00} s") : string.Create(CultureInfo.InvariantCulture, $"NOT within {TriadWatch.Limit.TotalSeconds:0} s");

    // Right after the creation the license grains settle on the primary: until every gateway has served one login
    // (forwarded to the primary from the other two), the clients' warm-up would count 503s that are no failover's.
    private static async Task WaitUntilServedAsync(IReadOnlyList<SessionApi> apis, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var api in apis)
        {
            while (true)
            {
                var login = await api.LoginAsync(cancellationToken).ConfigureAwait(false);
                if (login.SessionId is { } session)
                {
                    await api.LogoutAsync(session, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (clock.Elapsed > ServedLimit)
                {
                    throw new TimeoutException($"The triad did not serve a login at every gateway within {ServedLimit.TotalSeconds:0} s: {login.Outcome} {login.Error}");
                }

                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
