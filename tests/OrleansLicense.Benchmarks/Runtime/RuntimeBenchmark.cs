using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Sqlite;

namespace OrleansLicense.Benchmarks.Runtime;

/// <summary>
/// Issue 2's figures: local grain calls per second (many grains, and one hot grain) and
/// group-committed durable appends per second on SQLite with synchronous=FULL. Each phase is
/// bounded in time; concurrency = outstanding calls.
/// </summary>
internal static class RuntimeBenchmark
{
    public static async Task<int> RunAsync(TimeSpan phase, int concurrency, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"olic-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddOrleansLicenseRuntime(r => r.AddGrains(typeof(RuntimeBenchmark).Assembly));
            builder.Services.AddSqliteStorage(o => o.DataSource = Path.Combine(folder, "bench.db"));
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            var grains = host.Services.GetRequiredService<IGrainFactory>();

            Console.WriteLine($"runtime benchmark: {Environment.ProcessorCount} cores, phase {phase.TotalSeconds:0.#} s, {concurrency} outstanding calls");
            await Measure("local calls, 1000 grains", phase, concurrency, i => grains.GetGrain<IEchoGrain>($"e{i % 1000}").Echo(i), cancellationToken);
            await Measure("local calls, one grain", phase, concurrency, i => grains.GetGrain<IEchoGrain>("hot").Echo(i), cancellationToken);
            var appender = grains.GetGrain<IAppendGrain>("hot");
            await Measure("group-commit appends, one grain, SQLite FULL", phase, concurrency, i => appender.Append(1), cancellationToken);
            var (batches, requests, largest) = await appender.Stats();
            Console.WriteLine($"  group commit: {requests} appends in {batches} transactions (mean {requests / Math.Max(1.0, batches):0.0} per transaction, largest {largest})");

            await host.StopAsync(cancellationToken);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Measure<T>(string name, TimeSpan phase, int concurrency, Func<int, Task<T>> call, CancellationToken cancellationToken)
    {
        // Warm up (JIT, activations), then count completed calls of `concurrency` loops for the phase.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(call));
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
                await call(i);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref completed);
                i += concurrency;
            }
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"  {name}: {completed / seconds,10:N0} calls/s   p50 {Percentile(all, 0.50):0.000} ms   p99 {Percentile(all, 0.99):0.000} ms");
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
