namespace OrleansLicense.Benchmarks.Load;

/// <summary>Latency of a set of requests, in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P99, double P999, double Max);
