namespace OrleansLicense.Benchmarks.Load;

/// <summary>The figures of one phase.</summary>
/// <param name="Spec">What was run.</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="Ops">Requests completed (any outcome) inside the window.</param>
/// <param name="Errors">Requests that failed, inside the window or in the cycles finished after it.</param>
/// <param name="Refused">409 seats_exhausted answers.</param>
/// <param name="Latency">Every request of the window.</param>
/// <param name="ByKind">Per API call.</param>
/// <param name="ErrorSamples">The most frequent errors ("login 500 internal", "heartbeat HttpRequestException") with counts.</param>
internal sealed record PhaseResult(
    PhaseSpec Spec,
    double Seconds,
    long Ops,
    long Errors,
    long Refused,
    LatencySummary Latency,
    IReadOnlyDictionary<OpKind, LatencySummary> ByKind,
    IReadOnlyList<KeyValuePair<string, long>> ErrorSamples)
{
    public double OpsPerSecond => Seconds > 0 ? Ops / Seconds : 0;
}
