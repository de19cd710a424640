namespace OrleansLicense.Benchmarks.Load;

/// <summary>
/// Options of the <c>load</c> scenario. Every phase is bounded twice: by <see cref="Seconds"/> and by
/// <see cref="MaxOps"/>. <c>--smoke</c> shrinks everything so CI runs the whole harness in well under a minute.
/// </summary>
internal sealed record LoadOptions(
    bool Smoke,
    TimeSpan Phase,
    TimeSpan Warmup,
    long MaxOps,
    int Concurrency,
    int Connections,
    int Sessions,
    int HotSeats,
    int LimitSeats,
    int FailoverSeats,
    double LoadFraction,
    double? Rate,
    IReadOnlySet<string> Scenarios,
    string? SqliteSynchronous = null,
    IReadOnlyDictionary<string, string>? SiloEnvironment = null,
    TimeSpan? HotWarmupSetting = null)
{
    /// <summary>
    /// The hot scenario's warm-up: 25 s unless <c>--hot-warmup</c> or <c>--warmup</c> says otherwise. It is the first
    /// phase on a freshly started silo, whose tiered JIT needs 15–25 s under this load before its code is optimised
    /// (docs/PERFORMANCE.md, sessions 8 and 12–14); with 10 s the phase measured the JIT as much as the silo.
    /// </summary>
    public TimeSpan HotWarmup => HotWarmupSetting ?? Warmup;

    /// <summary>The scenario names for <c>--scenarios</c>.</summary>
    public static readonly IReadOnlyList<string> AllScenarios = ["hot", "limit", "heartbeat", "transports", "postgres", "failover", "triad"];

    /// <summary>
    /// What <c>--smoke</c> runs without <c>--scenarios</c>: all but the triad, whose three more silo start-ups (about 25 s)
    /// would take CI's smoke run from about 60 s to about 85 s; <c>--smoke --scenarios triad</c> runs it at toy size.
    /// </summary>
    public static readonly IReadOnlyList<string> SmokeScenarios = [.. AllScenarios.Where(s => s != "triad")];

    public const string Usage =
        "load [--smoke] [--seconds N] [--warmup N] [--hot-warmup N] [--max-ops N] [--concurrency N] [--connections N] [--sessions N] "
        + "[--hot-seats N] [--limit-seats N] [--failover-seats N] [--load-fraction F] [--rate REQ_PER_S] [--scenarios hot,limit,heartbeat,transports,postgres,failover,triad] "
        + "[--sqlite-synchronous Normal (diagnostic only: grants are then not durable)] "
        + "[--silo-env NAME=VALUE[,NAME=VALUE] (runtime settings for the SQLite silos only, e.g. DOTNET_TieredPGO=0: the ceiling keeps .NET's defaults)]";

    public double Seconds => Phase.TotalSeconds;

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    /// <summary>The silo's command line for its SQLite storage: nothing (FULL), or the diagnostic level.</summary>
    public IReadOnlyList<string> SqliteSiloArguments => SqliteSynchronous is { } level ? ["--Sqlite:Synchronous", level] : [];

    public static LoadOptions Parse(BenchArguments args)
    {
        var smoke = args.Flag("--smoke");
        var concurrency = (int)(args.Number("--concurrency") ?? 64);
        var sessions = (int)(args.Number("--sessions") ?? (smoke ? 500 : 100_000));
        var scenarios = args.Text("--scenarios") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : (smoke ? SmokeScenarios : AllScenarios).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = scenarios.Except(AllScenarios, StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario {string.Join(", ", unknown)}; known: {string.Join(", ", AllScenarios)}.");
        }

        var options = new LoadOptions(
            smoke,
            TimeSpan.FromSeconds(args.Number("--seconds") ?? (smoke ? 1.5 : 10)),
            // Ten seconds for every phase but the hot one (HotWarmup): the ceiling and the heartbeat, transport, PostgreSQL and
            // failover phases settle within it; the hot phase, first on a fresh silo, needs longer for the tiered JIT.
            TimeSpan.FromSeconds(args.Number("--warmup") ?? (smoke ? 0.5 : 10)),
            (long)(args.Number("--max-ops") ?? (smoke ? 200_000 : 20_000_000)),
            concurrency,
            (int)(args.Number("--connections") ?? concurrency),
            sessions,
            // Enough seats that the throughput phases never meet a refusal (the limit phase is where refusals are wanted).
            (int)(args.Number("--hot-seats") ?? 200_000),
            (int)(args.Number("--limit-seats") ?? Math.Max(1, concurrency / 8)),
            // Fewer seats than clients, so the failover also meets refusals; enough that most clients hold one when the silo dies.
            (int)(args.Number("--failover-seats") ?? Math.Max(1, concurrency * 3 / 4)),
            args.Number("--load-fraction") ?? 0.7,
            args.Number("--rate"),
            scenarios,
            args.Text("--sqlite-synchronous"),
            ParseEnvironment(args.Text("--silo-env")),
            TimeSpan.FromSeconds(args.Number("--hot-warmup") ?? args.Number("--warmup") ?? (smoke ? 0.5 : 25)));
        if (options.Concurrency < 1 || options.Connections < 1 || options.Sessions < 1 || options.HotSeats < 1 || options.LimitSeats < 1 || options.FailoverSeats < 1
            || options.Phase <= TimeSpan.Zero || options.Warmup < TimeSpan.Zero || options.HotWarmup < TimeSpan.Zero || options.MaxOps < 1 || options.LoadFraction is <= 0 or > 1)
        {
            throw new ArgumentException("Counts and durations must be positive, --load-fraction within (0, 1].");
        }

        return options;
    }

    private static Dictionary<string, string>? ParseEnvironment(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1)
            {
                throw new ArgumentException($"--silo-env takes NAME=VALUE pairs; '{pair}' is not one.");
            }

            pairs[pair[..equals]] = pair[(equals + 1)..];
        }

        return pairs;
    }
}
