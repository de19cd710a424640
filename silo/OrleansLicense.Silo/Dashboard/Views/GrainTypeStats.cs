namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>One grain type on this silo: activations now and calls over the last 100 seconds.</summary>
/// <param name="GrainType">The grain type name.</param>
/// <param name="Activations">Activations on this silo now.</param>
/// <param name="CallsPerSecond">Mean calls per second over the last 10 seconds.</param>
/// <param name="Calls">Calls completed in the last 100 seconds.</param>
/// <param name="Errors">Of those, calls that ended in an exception.</param>
/// <param name="MeanLatencyMs">Mean time in the grain, milliseconds.</param>
/// <param name="MaxLatencyMs">Longest time in the grain, milliseconds.</param>
/// <param name="CallsSeries">Calls per second, one value per sample of <see cref="DashboardStats.Total"/>.</param>
/// <param name="Methods">The same per method, by method name.</param>
internal sealed record GrainTypeStats(
    string GrainType,
    int Activations,
    double CallsPerSecond,
    long Calls,
    long Errors,
    double MeanLatencyMs,
    double MaxLatencyMs,
    IReadOnlyList<long> CallsSeries,
    IReadOnlyList<GrainMethodStats> Methods);
