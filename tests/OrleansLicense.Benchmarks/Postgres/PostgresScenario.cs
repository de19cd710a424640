using System.Globalization;
using Npgsql;
using OrleansLicense.Benchmarks.Load;

namespace OrleansLicense.Benchmarks.Postgres;

/// <summary>
/// What group commit buys on PostgreSQL (fsync on): the naive one-row, one-transaction-per-grant
/// baseline at two concurrencies (its best counts), against the feature grain's group commit in an
/// in-process Orleans silo on AddPostgresLicenseStorage at the run's concurrency. Same cycle in both:
/// grant one seat, release it. Then the whole path: the silo process on the same PostgreSQL
/// (<c>OLIC_Silo__Storage=postgres</c>), logins and logouts over HTTP on one hot feature, as a ratio
/// to the ceiling.
/// </summary>
internal static class PostgresScenario
{
    public const string Name = "hot seat grant+release, PostgreSQL";

    public static async Task RunAsync(LoadContext context, PhaseResult? ceiling, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        if (DurablePostgres.Unavailable() is { } why)
        {
            report.Fact($"postgres: skipped, {why}");
            return;
        }

        await using var postgres = await DurablePostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var durability = await postgres.DurabilityAsync(cancellationToken).ConfigureAwait(false);
        report.Fact($"postgres: {durability}");
        if (!durability.Contains("fsync=on", StringComparison.Ordinal) || !durability.Contains("synchronous_commit=on", StringComparison.Ordinal))
        {
            report.Fact("postgres: WARNING the server is not durable, these figures do not measure commits");
        }

        const int Seats = 1_000_000_000;
        PhaseResult? best = null;
        var builder = new NpgsqlDataSourceBuilder(postgres.ConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = Math.Max(options.Concurrency, 8) + 4;
        await using (var database = builder.Build())
        {
            var naive = new NaiveSeatTable(database);
            await naive.CreateAsync(Seats, cancellationToken).ConfigureAwait(false);

            // pgbench found 8 clients best on one hot row here; more only queue on the row lock. Both are run, the better one is the baseline.
            foreach (var concurrency in options.Smoke ? [Math.Min(8, options.Concurrency)] : new[] { 8, options.Concurrency }.Distinct())
            {
                var spec = new PhaseSpec(Name, "naive", concurrency, options.Phase, options.MaxOps);
                await context.WarmUpAsync(spec, naive.GrantRelease(), cancellationToken).ConfigureAwait(false);
                var result = await context.Runner.RunAsync(spec, naive.GrantRelease(), null, cancellationToken).ConfigureAwait(false);
                report.FailOnErrors(result);
                report.Add(new ReportRow(Name, "naive", result, null, "baseline: one transaction per grant", null));
                best = best is null || result.OpsPerSecond > best.OpsPerSecond ? result : best;
            }

            var used = await naive.UsedAsync(cancellationToken).ConfigureAwait(false);
            if (used != 0)
            {
                report.Fail($"naive baseline: {used} seats used after every release");
            }
        }

        await using (var grain = await FeatureGrainOnPostgres.StartAsync(postgres.ConnectionString, Seats, cancellationToken).ConfigureAwait(false))
        {
            await RunGroupCommitAsync(context, grain, best, cancellationToken).ConfigureAwait(false);
        }

        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Every event of one flush carries the same timestamp: distinct (grain, time) pairs count the appends.
            await using var command = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT (grain_id, recorded_at)) FROM olic_event_log WHERE log_name = 'seats'", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var (events, flushes) = (reader.GetInt64(0), reader.GetInt64(1));
            report.Fact(string.Create(c, $"postgres group commit: {events:N0} seat events in {flushes:N0} transactions, {events / (double)Math.Max(1, flushes):0.0} per transaction"));
        }

        await RunSiloAsync(context, postgres, ceiling, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunGroupCommitAsync(LoadContext context, FeatureGrainOnPostgres grain, PhaseResult? best, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var groupSpec = new PhaseSpec(Name, "group-commit", options.Concurrency, options.Phase, options.MaxOps);
        await context.WarmUpAsync(groupSpec, grain.GrantRelease(), cancellationToken).ConfigureAwait(false);
        var group = await context.Runner.RunAsync(groupSpec, grain.GrantRelease(), null, cancellationToken).ConfigureAwait(false);
        report.FailOnErrors(group);
        var ratio = best is { OpsPerSecond: > 0 } ? group.OpsPerSecond / best.OpsPerSecond : (double?)null;
        report.Add(new ReportRow(Name, "group-commit", group, ratio, ">= 5x the best naive (ratio to naive)", ratio is { } r ? r >= 5 : null));
        if (await grain.UsedAsync().ConfigureAwait(false) is var left and not 0)
        {
            report.Fail($"group commit on PostgreSQL: {left} seats used after every release");
        }
    }

    private static async Task RunSiloAsync(LoadContext context, DurablePostgres postgres, PhaseResult? ceiling, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = context.Report;
        var connectionString = await postgres.CreateDatabaseAsync("olic_silo", cancellationToken).ConfigureAwait(false);
        await using var silo = await SiloUnderTest.StartAsync(context.Vendor, [], SiloUnderTest.PostgresEnvironment(connectionString), cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"silo pid {silo.ProcessId} at {silo.BaseAddress} on PostgreSQL (data {silo.DataFolder})").ConfigureAwait(false);
        var licenseId = $"BENCH-PGHOT-{Guid.NewGuid():N}"[..20];
        await silo.Admin.ImportLicenseAsync(context.Vendor.Issue(licenseId, HotFeatureScenario.Product, HotFeatureScenario.Feature, options.HotSeats), cancellationToken).ConfigureAwait(false);
        using var http = LoopbackHttp.Create(silo.BaseAddress, options.Connections);
        var cycle = VirtualClients.LoginLogout(new SessionApi(http, HotFeatureScenario.Product, HotFeatureScenario.Feature), heartbeats: 0);
        var spec = new PhaseSpec(HotFeatureScenario.Name + ", PostgreSQL", "silo", options.Concurrency, options.Phase, options.MaxOps);
        await context.WarmUpAsync(spec, cycle, cancellationToken).ConfigureAwait(false);
        var cpu = CpuMeter.Start(silo.ProcessId);
        var result = await context.Runner.RunAsync(spec, cycle, LoadContext.RssOf(silo), cancellationToken).ConfigureAwait(false);
        report.Fact($"silo on PostgreSQL login+logout CPU: {cpu.Stop()}");
        report.FailOnErrors(result);
        report.Add(new ReportRow(spec.Name, "silo", result, HotFeatureScenario.Ratio(result, ceiling), "", null));
        await context.CheckSeatsReturnedAsync(silo, licenseId, HotFeatureScenario.Product, cancellationToken).ConfigureAwait(false);
        if (silo.HasExited)
        {
            report.Fail($"the silo on PostgreSQL exited during the run; {silo.LogPath} ends with:{Environment.NewLine}{silo.Tail()}");
        }
    }
}
