using System.Diagnostics;
using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// How fast the temp folder's disk syncs right now: 8 KB written and fsync'd in a loop for about a
/// second (what pg_test_fsync does). Every durable grant waits for one of these, and on this shared
/// virtual disk the figure moves 4-10x when others build, so it is printed before and after a run.
/// </summary>
internal static class FsyncProbe
{
    public static async Task<string> MeasureAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"olic-bench-fsync-{Guid.NewGuid():N}.tmp");
        var block = new byte[8192];
        var times = new List<double>();
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(1) && times.Count < 5000)
            {
                var started = Stopwatch.GetTimestamp();
                file.Position = 0;
                await file.WriteAsync(block, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            return string.Create(CultureInfo.InvariantCulture, $"{times.Count / stopwatch.Elapsed.TotalSeconds:N0} fsyncs/s (8 KB write + fsync, p50 {times[times.Count / 2]:0.00} ms, p99 {times[(int)(times.Count * 0.99)]:0.00} ms)");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
