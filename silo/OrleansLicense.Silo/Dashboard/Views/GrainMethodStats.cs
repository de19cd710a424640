namespace OrleansLicense.Silo.Dashboard.Views;

/// <summary>Calls of one grain method on this silo over the last 100 seconds.</summary>
/// <param name="Method">The method, <c>Interface.Method</c>.</param>
/// <param name="CallsPerSecond">Mean calls per second over the last 10 seconds.</param>
/// <param name="Calls">Calls completed in the last 100 seconds.</param>
/// <param name="Errors">Of those, calls that ended in an exception.</param>
/// <param name="MeanLatencyMs">Mean time in the grain, milliseconds.</param>
/// <param name="MaxLatencyMs">Longest time in the grain, milliseconds.</param>
internal sealed record GrainMethodStats(string Method, double CallsPerSecond, long Calls, long Errors, double MeanLatencyMs, double MaxLatencyMs);
