using System.Diagnostics;
using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Runs <see cref="PhaseSpec.Concurrency"/> loops of a cycle (login, heartbeats, logout, or one
/// heartbeat) until the window closes, printing a progress line every second, and merges what the
/// loops recorded.
/// </summary>
internal sealed class PhaseRunner(TextWriter progress)
{
    /// <summary>Runs the phase.</summary>
    /// <param name="spec">What to run.</param>
    /// <param name="cycle">One iteration of a virtual client; it records each request through the recorder, and answers false when it has no more work (a finite list of sessions).</param>
    /// <param name="extra">More text for the progress line (the silo's RSS), or null.</param>
    /// <param name="cancellationToken">Stops the loops (Ctrl+C).</param>
    public async Task<PhaseResult> RunAsync(
        PhaseSpec spec,
        Func<WorkerRecorder, CancellationToken, Task<bool>> cycle,
        Func<string>? extra,
        CancellationToken cancellationToken)
    {
        var phase = new RunningPhase(spec);
        var workers = Enumerable.Range(0, spec.Concurrency).Select(i => new WorkerRecorder(i, phase)).ToArray();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progressTask = ReportProgressAsync(phase, extra, progressStop.Token);

        // Task.Run: the loops start together instead of the first running synchronously up to its first await.
        await Task.WhenAll(workers.Select(w => Task.Run(
            async () =>
            {
                while (!w.IsOver(cancellationToken) && await cycle(w, cancellationToken).ConfigureAwait(false))
                {
                }
            },
            CancellationToken.None))).ConfigureAwait(false);

        await progressStop.CancelAsync().ConfigureAwait(false);
        await progressTask.ConfigureAwait(false);

        var byKind = new Dictionary<OpKind, LatencySummary>();
        var all = new LatencyHistogram();
        foreach (var kind in Enum.GetValues<OpKind>())
        {
            var merged = new LatencyHistogram();
            foreach (var worker in workers)
            {
                merged.Add(worker.ByKind[(int)kind]);
            }

            if (merged.Count > 0)
            {
                byKind[kind] = merged.Summarize();
                all.Add(merged);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(phase.Start, Math.Min(phase.WindowEnd, Stopwatch.GetTimestamp())).TotalSeconds;
        var samples = phase.ErrorKinds.OrderByDescending(e => e.Value).Take(5).ToList();
        return new PhaseResult(spec, seconds, all.Count, phase.Errors, phase.Refused, all.Summarize(), byKind, samples);
    }

    private async Task ReportProgressAsync(RunningPhase phase, Func<string>? extra, CancellationToken cancellationToken)
    {
        var last = 0L;
        var lastAt = phase.Start;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var counted = phase.Counted;
                var rate = (counted - last) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                (last, lastAt) = (counted, now);
                await progress.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  [{phase.Spec.Name} / {phase.Spec.Target}] {Stopwatch.GetElapsedTime(phase.Start, now).TotalSeconds,5:0.0} s  {counted,10:N0} req  {rate,9:N0} req/s  max {phase.TakeIntervalMaxMs(),7:N1} ms  errors {phase.Errors:N0}  refused {phase.Refused:N0}{(extra is null ? "" : "  " + extra())}")).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }
}
