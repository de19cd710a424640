using OrleansLicense.Benchmarks.Runtime;

// Usage: OrleansLicense.Benchmarks runtime [--seconds N] [--concurrency N] [--smoke]
// --smoke runs each phase for half a second so CI keeps the harness working.
var scenario = args.FirstOrDefault() ?? "runtime";
var smoke = args.Contains("--smoke");
var seconds = Option("--seconds") ?? (smoke ? 0.5 : 5);
var concurrency = (int)(Option("--concurrency") ?? 256);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

return scenario switch
{
    "runtime" => await RuntimeBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), concurrency, cts.Token),
    _ => Usage(),
};

double? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}

int Usage()
{
    Console.Error.WriteLine("usage: OrleansLicense.Benchmarks runtime [--seconds N] [--concurrency N] [--smoke]");
    return 2;
}
