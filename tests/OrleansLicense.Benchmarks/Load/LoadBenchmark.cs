using System.Diagnostics;
using System.Globalization;
using OrleansLicense.Benchmarks.Failover;
using OrleansLicense.Benchmarks.Postgres;
using OrleansLicense.Benchmarks.Triad;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// The <c>load</c> scenario: the ceiling first (bare Kestrel, same shapes), then the hot feature and
/// the seat-limit check on one silo, the heartbeats on a fresh silo, the PostgreSQL group-commit
/// comparison, a three-silo grid losing a silo to SIGKILL under load, and a triad losing its primary the same way; then one table. Exit code 0 when the server behaved (no error answer, no over-grant,
/// every seat back), 1 otherwise; goals not met are printed, not failed.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var output = Console.Out;
        var report = new LoadReport();
        var context = new LoadContext(options, new PhaseRunner(Console.Error), report, output, new BenchVendor());
        var loadBefore = MachineLoad.Describe();
        var diskBefore = await FsyncProbe.MeasureAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"load benchmark{(options.Smoke ? " (smoke)" : "")}: {loadBefore}; {options.Concurrency} virtual clients over {options.Connections} HTTP/1.1 connections; "
            + $"phases {options.Seconds:0.#} s (warm-up {options.Warmup.TotalSeconds:0.#} s, the hot silo's {options.HotWarmup.TotalSeconds:0.#} s), at most {options.MaxOps:N0} requests; scenarios {string.Join(",", options.Scenarios)}")).ConfigureAwait(false);

        if (options.SqliteSynchronous is { } level)
        {
            report.Fact($"DIAGNOSTIC RUN: the silos ran with SQLite synchronous={level}, so grants were NOT durable; these figures only show what fsync costs");
        }

        try
        {
            PhaseResult? ceilingHot = null, ceilingHeartbeats = null;
            if (options.Runs("hot") || options.Runs("heartbeat") || options.Runs("postgres"))
            {
                (ceilingHot, ceilingHeartbeats) = await CeilingScenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }

            if (options.Runs("hot") || options.Runs("limit"))
            {
                await using var silo = await SiloUnderTest.StartAsync(context.Vendor, options.SqliteSiloArguments, options.SiloEnvironment, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"silo pid {silo.ProcessId} at {silo.BaseAddress} (data {silo.DataFolder})").ConfigureAwait(false);
                if (options.Runs("hot"))
                {
                    await HotFeatureScenario.RunAsync(context, silo, ceilingHot, cancellationToken).ConfigureAwait(false);
                }

                if (options.Runs("limit"))
                {
                    await SeatLimitScenario.RunAsync(context, silo, cancellationToken).ConfigureAwait(false);
                }

                context.CheckAlive(silo);
            }

            if (options.Runs("heartbeat"))
            {
                await using var silo = await SiloUnderTest.StartAsync(context.Vendor, options.SqliteSiloArguments, options.SiloEnvironment, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"silo pid {silo.ProcessId} at {silo.BaseAddress} (data {silo.DataFolder})").ConfigureAwait(false);
                await HeartbeatScenario.RunAsync(context, silo, ceilingHeartbeats, cancellationToken).ConfigureAwait(false);
                context.CheckAlive(silo);
            }

            if (options.Runs(TransportScenario.Name))
            {
                await TransportScenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }

            if (options.Runs("postgres"))
            {
                await PostgresScenario.RunAsync(context, ceilingHot, cancellationToken).ConfigureAwait(false);
            }

            // Last: it kills a silo on purpose, and its grid and PostgreSQL would only add noise to the figures above.
            TimeSpan? gridGap = null;
            if (options.Runs("failover"))
            {
                gridGap = await FailoverScenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }

            // After the grid's failover, whose worst gap it prints beside its own.
            if (options.Runs(TriadFailoverScenario.Name))
            {
                await TriadFailoverScenario.RunAsync(context, gridGap, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report.Fail("cancelled (Ctrl+C): the figures above are partial");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A silo that does not start, an admin call that fails, a database that does not come up:
            // the harness cannot go on, and for CI that is a failure like any other; the partial table still prints.
            report.Fail($"the run stopped: {ex.GetType().Name}: {ex.Message}");
        }

        report.Fact($"machine: before {loadBefore}; after {MachineLoad.Describe()}; total {stopwatch.Elapsed.TotalSeconds:0} s");
        report.Fact($"disk: before {diskBefore}; after {await FsyncProbe.MeasureAsync(CancellationToken.None).ConfigureAwait(false)}");
        report.Print(output);
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
