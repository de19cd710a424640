namespace OrleansLicense.Runtime.Filters;

/// <summary>Calls of one grain method (or of the whole silo) in one second.</summary>
/// <param name="At">The start of the second.</param>
/// <param name="Calls">Calls completed.</param>
/// <param name="Errors">Calls that ended in an exception.</param>
/// <param name="MeanLatencyMs">Mean time in the grain, milliseconds.</param>
/// <param name="MaxLatencyMs">Longest time in the grain, milliseconds.</param>
public sealed record CallStatisticsSample(DateTimeOffset At, long Calls, long Errors, double MeanLatencyMs, double MaxLatencyMs);

/// <summary>The recent samples of one grain type and method.</summary>
/// <param name="GrainType">The grain type name.</param>
/// <param name="Method">The method, <c>Interface.Method</c>.</param>
/// <param name="Samples">Oldest first, one per second, at most the ring's capacity.</param>
public sealed record CallStatisticsSeries(string GrainType, string Method, IReadOnlyList<CallStatisticsSample> Samples);
