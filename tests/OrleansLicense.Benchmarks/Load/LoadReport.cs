using System.Globalization;

namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// What a run found: the table rows, measured facts that are not rates (memory, batch sizes), and
/// failures. A failure means the server misbehaved (an error answer, an over-grant, seats left
/// taken); goals not met are reported but are not failures.
/// </summary>
internal sealed class LoadReport
{
    private readonly List<ReportRow> _rows = [];
    private readonly List<string> _facts = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Add(ReportRow row) => _rows.Add(row);

    public void Fact(string text) => _facts.Add(text);

    public void Fail(string text) => _failures.Add(text);

    /// <summary>Fails when the phase saw errors, naming the most frequent ones.</summary>
    public void FailOnErrors(PhaseResult result)
    {
        if (result.Errors > 0)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{result.Spec.Name} / {result.Spec.Target}: {result.Errors:N0} errors ({string.Join(", ", result.ErrorSamples.Select(e => $"{e.Key} x{e.Value}"))})"));
        }
    }

    public void Print(TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine();
        writer.WriteLine(string.Create(c, $"{"scenario",-34} {"target",-12} {"conc",5} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"p999 ms",8} {"errors",7} {"refused",8} {"ratio",6}  goal"));
        writer.WriteLine(new string('-', 132));
        foreach (var row in _rows)
        {
            var r = row.Result;
            var goal = row.MetWithoutErrors is { } met ? $"{row.Goal}: {(met ? "met" : "NOT MET")}{(row.Result.Errors > 0 ? " (errors)" : "")}" : row.Goal;
            writer.WriteLine(string.Create(c, $"{row.Scenario,-34} {row.Target,-12} {r.Spec.Concurrency,5} {r.OpsPerSecond,10:N0} {r.Latency.P50,8:0.00} {r.Latency.P99,8:0.00} {r.Latency.P999,8:0.00} {r.Errors,7:N0} {r.Refused,8:N0} {(row.Ratio is { } ratio ? ratio.ToString("0.00", c) : "-"),6}  {goal}"));
        }

        if (_facts.Count > 0)
        {
            writer.WriteLine();
            foreach (var fact in _facts)
            {
                writer.WriteLine($"  {fact}");
            }
        }

        writer.WriteLine();
        if (_failures.Count == 0)
        {
            writer.WriteLine("  no failures: no error answers, no over-grant, every seat returned.");
        }
        else
        {
            foreach (var failure in _failures)
            {
                writer.WriteLine($"  FAILURE: {failure}");
            }
        }
    }
}
