using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Storage.Sqlite;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Runtime;

/// <summary>
/// Raw grain-call throughput of the engine (Microsoft Orleans, in-process silo on localhost
/// clustering, free ports below 32768): local calls per second over many grains and to one hot
/// grain, and group-committed durable appends per second to one grain's event log on the SQLite
/// storage (synchronous=FULL). Each phase is bounded in time; concurrency = outstanding calls.
/// The calls come from the silo's own host, as the HTTP endpoints make them.
/// </summary>
internal static class RuntimeBenchmark
{
    public static async Task<int> RunAsync(TimeSpan phase, int concurrency, CancellationToken cancellationToken)
    {
        using var folder = new TempDirectory("olic-bench-runtime");
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        while (gatewayPort == siloPort)
        {
            gatewayPort = FreePort.Next();
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "olic-bench", clusterId: "olic-bench-runtime");
            silo.AddSqliteLicenseStorage(o => o.DataSource = folder.File("bench.db"));
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await Console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"runtime benchmark (Orleans, in-process silo on 127.0.0.1:{siloPort}): {MachineLoad.Describe()}, phase {phase.TotalSeconds:0.#} s, {concurrency} outstanding calls")).ConfigureAwait(false);
            await Measure("local calls, 1000 grains", phase, concurrency, i => grains.GetGrain<IEchoGrain>($"e{i % 1000}").Echo(i), cancellationToken).ConfigureAwait(false);
            await Measure("local calls, one grain", phase, concurrency, i => grains.GetGrain<IEchoGrain>("hot").Echo(i), cancellationToken).ConfigureAwait(false);
            var appender = grains.GetGrain<IAppendGrain>("hot");
            await Measure("group-commit appends, one grain, SQLite FULL", phase, concurrency, _ => appender.Append(1), cancellationToken).ConfigureAwait(false);
            var stats = await appender.Stats().ConfigureAwait(false);
            await Console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  group commit: {stats.Requests:N0} appends in {stats.Batches:N0} transactions (mean {stats.Requests / Math.Max(1.0, stats.Batches):0.0} per transaction, largest {stats.Largest})")).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task Measure<T>(string name, TimeSpan phase, int concurrency, Func<int, Task<T>> call, CancellationToken cancellationToken)
    {
        // Warm up (JIT, activations), then count completed calls of `concurrency` loops for the phase.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(call)).ConfigureAwait(false);
        long completed = 0;
        var latencies = new List<double>[concurrency];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async loop =>
        {
            var mine = latencies[loop] = new List<double>(1024);
            var i = loop;
            while (stopwatch.Elapsed < phase && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await call(i).ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref completed);
                i += concurrency;
            }
        })).ConfigureAwait(false);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name}: {completed / seconds,10:N0} calls/s   p50 {Percentile(all, 0.50):0.000} ms   p99 {Percentile(all, 0.99):0.000} ms")).ConfigureAwait(false);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
