using OrleansLicense.Benchmarks;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Benchmarks.Runtime;

// Usage: OrleansLicense.Benchmarks runtime [--seconds N] [--concurrency N] [--smoke]
//        OrleansLicense.Benchmarks load [--smoke] [options, see LoadOptions.Usage]
//        OrleansLicense.Benchmarks postgres [--smoke] [options]   (the load's PostgreSQL group-commit part alone)
// --smoke shrinks every phase so CI keeps the harness working.
var arguments = new BenchArguments(args);
var smoke = arguments.Flag("--smoke");
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

try
{
    return arguments.Scenario switch
    {
        "runtime" => await RuntimeBenchmark.RunAsync(
            TimeSpan.FromSeconds(arguments.Number("--seconds") ?? (smoke ? 0.5 : 5)),
            (int)(arguments.Number("--concurrency") ?? 256),
            cts.Token),
        "load" => await LoadBenchmark.RunAsync(LoadOptions.Parse(arguments), cts.Token),
        "postgres" => await LoadBenchmark.RunAsync(LoadOptions.Parse(arguments) with { Scenarios = new HashSet<string> { "postgres" } }, cts.Token),
        CeilingServer.ScenarioName => await CeilingServer.RunAsync((int)(arguments.Number("--port") ?? throw new ArgumentException("--port is required")), cts.Token),
        _ => Usage(),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: OrleansLicense.Benchmarks runtime [--seconds N] [--concurrency N] [--smoke]");
    Console.Error.WriteLine($"       OrleansLicense.Benchmarks {LoadOptions.Usage}");
    Console.Error.WriteLine("       OrleansLicense.Benchmarks postgres [--smoke] [--seconds N] [--concurrency N]");
    return 2;
}
